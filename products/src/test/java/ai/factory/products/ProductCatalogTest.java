package ai.factory.products;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped catalog loads whole, and its index and folders agree. */
class ProductCatalogTest {

    private static final Path SOURCE = Path.of("src/main/resources/products");

    @Test
    void loads_every_manifest_on_the_classpath() {
        ProductCatalog catalog = ProductCatalog.load();
        assertTrue(catalog.size() >= 22, "the issue asks for at least 22 products, found " + catalog.size());
        assertEquals(catalog.size(), catalog.all().size());
    }

    @Test
    void index_names_every_product_folder_and_nothing_else() throws IOException {
        Set<String> folders;
        try (Stream<Path> children = Files.list(SOURCE)) {
            folders = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        List<String> indexed = new ArrayList<>();
        for (String line : Files.readAllLines(SOURCE.resolve("index.txt"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                indexed.add(line.strip());
            }
        }
        assertEquals(folders, new TreeSet<>(indexed), "products/index.txt and the product folders differ");
        assertEquals(indexed.size(), Set.copyOf(indexed).size(), "products/index.txt lists a product twice");
    }

    @Test
    void the_classpath_and_the_source_folder_hold_the_same_catalog() {
        // load(Path) and load() must agree, or an operator copying the folder would get other products.
        assertEquals(ProductCatalog.load().ids(), ProductCatalog.load(SOURCE).ids());
    }

    @Test
    void finds_products_by_id_and_nothing_for_unknown_ids() {
        ProductCatalog catalog = ProductCatalog.load();
        assertEquals("Summarize", catalog.find("summarize").orElseThrow().name());
        assertFalse(catalog.find("no-such-product").isPresent());
    }

    @Test
    void every_product_describes_itself_for_the_catalog_listing() {
        for (Product p : ProductCatalog.load().all()) {
            assertFalse(p.name().isBlank(), p.id());
            assertTrue(p.description().length() >= 40, p.id() + ": the description is the product's pitch; write one");
            assertFalse(p.languages().isEmpty(), p.id());
            assertTrue(p.inputSchema().path("properties").size() > 0, p.id());
            assertEquals(p.output().kind() == OutputKind.JSON, p.output().schema().isPresent(), p.id());
            assertTrue(p.source().endsWith(p.id() + "/manifest.yaml"), p.source());
        }
    }

    @Test
    void embed_is_the_embedding_product_and_calls_the_embeddings_endpoint() {
        List<String> embedding = ProductCatalog.load().all().stream()
                .filter(p -> p.output().kind() == OutputKind.EMBEDDING).map(Product::id).toList();
        assertEquals(List.of("embed"), embedding);
        Product embed = ProductCatalog.load().find("embed").orElseThrow();
        assertEquals("embed-default", embed.model());
        assertEquals("/v1/embeddings", embed.output().kind().endpoint());
        assertEquals("texts", embed.output().inputField().orElseThrow());
    }

    @Test
    void a_folder_catalog_overrides_and_extends_the_shipped_one(@TempDir Path dir) throws IOException {
        Path summarize = Files.createDirectories(dir.resolve("summarize"));
        try (Stream<Path> files = Files.list(SOURCE.resolve("summarize"))) {
            for (Path f : files.toList()) {
                Files.copy(f, summarize.resolve(f.getFileName()));
            }
        }
        Path manifest = summarize.resolve("manifest.yaml");
        Files.writeString(manifest, Files.readString(manifest).replace("version: 1.0.0", "version: 2.0.0"));
        TestProducts.write(dir, TestProducts.TEXT);

        ProductCatalog shipped = ProductCatalog.load();
        ProductCatalog merged = shipped.overriddenBy(ProductCatalog.load(dir));

        assertEquals("2.0.0", merged.find("summarize").orElseThrow().version());
        assertEquals("1.0.0", shipped.find("summarize").orElseThrow().version(), "the shipped catalog is unchanged");
        assertTrue(merged.find("tiny").isPresent());
        assertEquals(shipped.size() + 1, merged.size());
    }

    @Test
    void schemas_handed_out_are_copies() {
        Product p = ProductCatalog.load().find("sentiment").orElseThrow();
        ((ObjectNode) p.inputSchema()).put("type", "array");
        ((ObjectNode) p.output().schema().orElseThrow()).removeAll();
        assertEquals("object", p.inputSchema().path("type").asText());
        assertEquals("object", p.output().schema().orElseThrow().path("type").asText());
    }
}
