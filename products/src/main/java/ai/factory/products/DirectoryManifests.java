package ai.factory.products;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Manifests in a folder on disk, one sub-folder per product holding {@code manifest.yaml}: how an
 * operator adds or overrides products without rebuilding the jar.
 */
final class DirectoryManifests implements ManifestSource {

    private final Path dir;

    DirectoryManifests(Path dir) {
        this.dir = dir;
    }

    @Override
    public List<String> ids() {
        if (!Files.isDirectory(dir)) {
            throw new ManifestException(dir.toString(), null, "is not a directory");
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("manifest.yaml")))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    @Override
    public String describe(String id, String file) {
        return dir.resolve(id).resolve(file).toString();
    }

    @Override
    public Optional<String> read(String id, String file) {
        if (!ManifestSource.isPlainName(file)) {
            return Optional.empty();
        }
        Path path = dir.resolve(id).resolve(file);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
