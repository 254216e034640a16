package ai.factory.gateway.products;

import ai.factory.gateway.lifecycle.StartupPreloads;
import ai.factory.products.LoraAdapter;
import ai.factory.products.Product;
import ai.factory.products.ProductCatalog;
import ai.factory.routing.alias.Adapter;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.RouteTable;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.file.Path;

/**
 * Loads and checks every product manifest at start-up (a bad one stops the start with the file
 * and field named), optionally overlaid by a folder of the operator's own products.
 */
@Factory
public class CatalogFactory {

    @Context
    ProductCatalog catalog(ProductsConfig config, RouteTable routes) {
        ProductCatalog builtIn = StartupPreloads.builtInCatalog();
        ProductCatalog catalog = config.dir() == null || config.dir().isBlank() ? builtIn
                : builtIn.overriddenBy(ProductCatalog.load(Path.of(config.dir())));
        catalog.all().forEach(product -> product.adapter().ifPresent(adapter -> checkServable(product, adapter, routes)));
        return catalog;
    }

    /** An adapter product whose alias has no target running the adapter's base could never be served: stop the start. */
    private static void checkServable(Product product, LoraAdapter adapter, RouteTable routes) {
        ModelAlias alias = routes.alias(product.model()).orElse(null);
        if (alias != null && new Adapter(adapter.name(), adapter.base()).servedBy(alias.targets()).isEmpty()) {
            throw new ConfigurationException("product '" + product.id() + "': adapter '" + adapter.name()
                    + "' needs a target of model '" + product.model() + "' serving its base '" + adapter.base()
                    + "' (gateway.models." + product.model() + ".targets[].model)");
        }
    }
}
