package ai.factory.products;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code products/README.md} lists every product with a working curl example. The catalog section is
 * generated; after changing a manifest, regenerate it with {@code -Dgolden.update=true} like the
 * golden prompts.
 */
class CatalogDocTest {

    private static final Path README = Path.of("README.md");

    @Test
    void readme_catalog_matches_the_manifests() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf(CatalogDoc.START);
        int end = readme.indexOf(CatalogDoc.END);
        assertTrue(start >= 0 && end > start, "README.md lacks the catalog markers");
        String expected = CatalogDoc.render(ProductCatalog.load());
        String actual = readme.substring(start, end + CatalogDoc.END.length());
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(README, readme.substring(0, start) + expected + readme.substring(end + CatalogDoc.END.length()),
                    StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, actual, "README.md's catalog is stale; rerun with -Dgolden.update=true");
    }

    @Test
    void curl_examples_survive_single_quotes_in_the_input() {
        Product support = ProductCatalog.load().find("customer-support").orElseThrow();
        String curl = CatalogDoc.curl(support);
        String payload = curl.substring(curl.indexOf("-d '") + 4, curl.length() - 1);
        assertTrue(!payload.contains("'"), "a single quote would end the shell string: " + payload);
        assertEquals(support.examples().get(0).input(), TestProducts.json(payload).get("input"));
    }
}
