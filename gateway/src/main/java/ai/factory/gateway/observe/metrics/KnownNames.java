package ai.factory.gateway.observe.metrics;

import ai.factory.observability.labels.TopNLabels;
import ai.factory.products.ProductCatalog;
import ai.factory.routing.alias.RouteTable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Predicate;

/**
 * Metric labels that come from client input, bounded: a model alias or product id becomes a label
 * only when the gateway serves it; anything else a client typed is {@code unknown}. Without this,
 * every distinct unknown name a client sent made new Prometheus series, without end.
 */
@Singleton
public class KnownNames {

    public static final String UNKNOWN = "unknown";

    private final Predicate<String> models;
    private final Predicate<String> products;

    @Inject
    public KnownNames(RouteTable routes, ProductCatalog catalog, List<KnownTools> tools) {
        // Looked up per event, not copied: aliases follow a pool reload. Behind /mcp products and
        // upstream tools share one namespace, so the product label also holds served tool names.
        this(name -> routes.alias(name).isPresent(),
                id -> catalog.find(id).isPresent() || tools.stream().anyMatch(t -> t.known(id)));
    }

    public KnownNames(Predicate<String> models, Predicate<String> products) {
        this.models = models;
        this.products = products;
    }

    public String model(String alias) {
        return bounded(alias, models);
    }

    public String product(String id) {
        return bounded(id, products);
    }

    private static String bounded(String value, Predicate<String> known) {
        if (value == null || value.isBlank()) {
            return TopNLabels.NONE;
        }
        return known.test(value) ? value : UNKNOWN;
    }
}
