package ai.factory.terraform;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The repository's Terraform: its folders and its {@code .tf} files, parsed with hcl4j. hcl4j
 * evaluates what it can; blocks it cannot evaluate (provider data, resource references) come back
 * partly null, so checks read structure (variables, locals, module sources) from the parse and
 * single attributes from the text.
 */
final class TerraformFiles {

    /** Maven runs the tests in terraform/. */
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path REPO = ROOT.getParent();
    static final List<String> ENVIRONMENTS = List.of("ai-factory", "gcp-cloud-run");

    private TerraformFiles() {
    }

    static Path environment(String name) {
        return ROOT.resolve("environments").resolve(name);
    }

    static List<Path> tfFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".tf") && !p.toString().contains("/.terraform/"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every folder holding Terraform: the module and both environments. */
    static List<Path> configurations() {
        return List.of(ROOT.resolve("modules/gateway-config"), environment("ai-factory"), environment("gcp-cloud-run"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(Path file) {
        try {
            return new HCLParser().parse(file.toFile(), "UTF-8", true);
        } catch (Exception e) {
            throw new IllegalStateException("hcl4j could not parse " + file, e);
        }
    }

    /**
     * The blocks of one type ({@code variable}, {@code locals}, {@code module}) by name. Where hcl4j
     * gave up on an expression it nests the blocks that follow inside the one it was reading, so
     * this looks for them at any depth.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> block(Map<String, Object> parsed, String type) {
        Map<String, Object> found = new LinkedHashMap<>();
        parsed.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map) {
                if (key.equals(type)) {
                    found.putAll((Map<String, Object>) map);
                } else {
                    found.putAll(block((Map<String, Object>) map, type));
                }
            }
        });
        return found;
    }

    static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
