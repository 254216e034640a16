package ai.factory.gateway.lifecycle;

import ai.factory.products.ProductCatalog;
import ai.factory.routing.alias.RouteTable;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Readiness: the product catalog and the model aliases are loaded. With the JDBC and Redis
 * indicators (PostgreSQL and Redis answered) it makes {@code /health/readiness} true only when an
 * instance can serve; {@code /health/liveness} leaves them out, so a Redis outage takes an
 * instance out of rotation without getting it restarted.
 */
@Singleton
@Readiness
public class CatalogHealthIndicator implements HealthIndicator {

    private final Provider<ProductCatalog> catalog;
    private final Provider<RouteTable> routes;

    public CatalogHealthIndicator(Provider<ProductCatalog> catalog, Provider<RouteTable> routes) {
        this.catalog = catalog;
        this.routes = routes;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(this::check);
    }

    HealthResult check() {
        try {
            int products = catalog.get().size();
            int aliases = routes.get().aliases().size();
            // Loaded is what matters: a deployment may serve products only, or models only, or
            // (while an operator configures it) neither; building them without error is readiness.
            return HealthResult.builder("catalog", HealthStatus.UP).details(Map.of("products", products, "models", aliases)).build();
        } catch (RuntimeException e) {
            return HealthResult.builder("catalog", HealthStatus.DOWN).exception(e).build();
        }
    }
}
