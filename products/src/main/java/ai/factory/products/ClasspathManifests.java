package ai.factory.products;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The manifests shipped in the jar, under {@code products/<id>/}. Listing a folder inside a jar is
 * not portable, so {@code products/index.txt} names the products, one id per line; a test checks
 * that it names every folder and nothing else.
 */
final class ClasspathManifests implements ManifestSource {

    static final String ROOT = "products";
    static final String INDEX = ROOT + "/index.txt";

    private final ClassLoader loader;

    ClasspathManifests(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public List<String> ids() {
        String index = text(INDEX).orElseThrow(() -> new ManifestException(INDEX, null, "is not on the classpath"));
        List<String> ids = new ArrayList<>();
        for (String line : index.split("\n")) {
            String id = line.strip();
            if (!id.isEmpty() && !id.startsWith("#")) {
                ids.add(id);
            }
        }
        return ids;
    }

    @Override
    public String describe(String id, String file) {
        return ROOT + "/" + id + "/" + file;
    }

    @Override
    public Optional<String> read(String id, String file) {
        return ManifestSource.isPlainName(file) ? text(describe(id, file)) : Optional.empty();
    }

    private Optional<String> text(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
