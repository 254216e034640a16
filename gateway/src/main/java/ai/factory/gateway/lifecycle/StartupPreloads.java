package ai.factory.gateway.lifecycle;

import ai.factory.products.Cl100k;
import ai.factory.products.ProductCatalog;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the launcher starts building before the application context: the tokenizer's tables and
 * the built-in product catalog (manifests, schemas, example checks, which count tokens). Neither
 * needs the context, and together they are the largest piece of the gateway's own start-up
 * work. Without a preload (tests that build a context directly) the catalog loads where asked.
 */
public final class StartupPreloads {

    private static final AtomicReference<Preload<ProductCatalog>> CATALOG = new AtomicReference<>();

    private StartupPreloads() {
    }

    /** Called once by the launcher, before the context starts. */
    public static void start() {
        CATALOG.set(Preload.start("startup-preload", () -> {
            Cl100k.encoding();
            return ProductCatalog.load();
        }));
    }

    /**
     * The built-in catalog: the preloaded one the first time (waiting for it if needed, with its
     * load error if it failed), a fresh load otherwise.
     */
    public static ProductCatalog builtInCatalog() {
        Preload<ProductCatalog> preload = CATALOG.getAndSet(null);
        return preload != null ? preload.get() : ProductCatalog.load();
    }
}
