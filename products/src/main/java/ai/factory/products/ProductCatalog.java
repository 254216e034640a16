package ai.factory.products;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every product, loaded and checked once at start-up. Immutable and thread-safe; lookups are map
 * reads, so the catalog can sit on the hot path.
 *
 * <pre>{@code
 * ProductCatalog catalog = ProductCatalog.load();                       // the jar's products
 * catalog = catalog.overriddenBy(ProductCatalog.load(Path.of(dir)));    // plus an operator's folder
 * }</pre>
 */
public final class ProductCatalog {

    private final Map<String, Product> products;

    private ProductCatalog(Map<String, Product> products) {
        this.products = products;
    }

    /**
     * Loads the products shipped on the classpath, as listed in {@code products/index.txt}.
     *
     * @throws ManifestException naming the file and field of the first bad manifest
     */
    public static ProductCatalog load() {
        return load(new ClasspathManifests(ProductCatalog.class.getClassLoader()));
    }

    /**
     * Loads the products of a folder: each sub-folder holding a {@code manifest.yaml} is one product.
     *
     * @throws ManifestException naming the file and field of the first bad manifest
     */
    public static ProductCatalog load(Path dir) {
        return load(new DirectoryManifests(dir));
    }

    static ProductCatalog load(ManifestSource source) {
        Map<String, Product> products = new LinkedHashMap<>();
        for (String id : source.ids()) {
            if (products.containsKey(id)) {
                throw new ManifestException(source.describe(id, ManifestReader.MANIFEST), null, "is listed twice");
            }
            products.put(id, ManifestReader.read(source, id));
        }
        return new ProductCatalog(products);
    }

    /** A catalog holding this one's products with {@code overrides}' added, or replacing those of the same id. */
    public ProductCatalog overriddenBy(ProductCatalog overrides) {
        Map<String, Product> merged = new LinkedHashMap<>(products);
        merged.putAll(overrides.products);
        return new ProductCatalog(merged);
    }

    /** Every product, in catalog order. */
    public List<Product> all() {
        return List.copyOf(products.values());
    }

    public Optional<Product> find(String id) {
        return Optional.ofNullable(products.get(id));
    }

    public int size() {
        return products.size();
    }

    /** The ids, in catalog order. */
    public Collection<String> ids() {
        return List.copyOf(products.keySet());
    }
}
