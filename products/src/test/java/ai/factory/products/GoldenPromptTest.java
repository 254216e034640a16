package ai.factory.products;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of every product renders exactly as its golden file,
 * {@code src/test/resources/golden/<id>.txt}.
 *
 * <p>After changing a prompt on purpose, regenerate and review the diff:
 * {@code mvn -B -q -pl products install -Dgolden.update=true} (then {@code git diff products/src/test/resources/golden}).
 */
class GoldenPromptTest {

    // Surefire runs tests from the module folder, so this is the source tree, not target/.
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static List<Product> products() {
        return ProductCatalog.load().all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void every_example_renders_exactly_as_its_golden_file(Product product) throws IOException {
        String actual = GoldenPrompt.render(product);
        Path file = GOLDEN.resolve(product.id() + ".txt");
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(file), file + " is missing; create it with -Dgolden.update=true and review it");
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                product.id() + " renders differently from " + file + "; if the change is intended, rerun with -Dgolden.update=true");
    }

    @Test
    void every_golden_file_belongs_to_a_product() throws IOException {
        Set<String> ids = Set.copyOf(ProductCatalog.load().ids());
        try (Stream<Path> files = Files.list(GOLDEN)) {
            Set<String> stale = files.map(p -> p.getFileName().toString().replaceFirst("\\.txt$", ""))
                    .filter(id -> !ids.contains(id))
                    .collect(Collectors.toSet());
            assertTrue(stale.isEmpty(), "golden files without a product: " + stale);
        }
    }
}
