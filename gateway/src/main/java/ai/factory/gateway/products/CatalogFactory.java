package ai.factory.gateway.products;

import ai.factory.products.ProductCatalog;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import java.nio.file.Path;

/**
 * Loads and checks every product manifest at start-up (a bad one stops the start with the file
 * and field named), optionally overlaid by a folder of the operator's own products.
 */
@Factory
public class CatalogFactory {

    @Context
    ProductCatalog catalog(ProductsConfig config) {
        ProductCatalog builtIn = ProductCatalog.load();
        if (config.getDir() == null || config.getDir().isBlank()) {
            return builtIn;
        }
        return builtIn.overriddenBy(ProductCatalog.load(Path.of(config.getDir())));
    }
}
