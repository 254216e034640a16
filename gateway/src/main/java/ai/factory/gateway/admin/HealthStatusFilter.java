package ai.factory.gateway.admin;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.endpoint.health.filter.HealthResultFilter;
import io.micronaut.management.health.indicator.HealthResult;

/**
 * What Micronaut's {@link HealthResultFilter} does (a health answer's HTTP status follows its
 * health status: DOWN is a 503), declared on {@code /**} and keyed on the answer's body instead of
 * on the three health paths. A filter with any pattern but {@code /**} is matched against every
 * request's path, and makes Micronaut sort each request's filters again; this one costs a proxy
 * request an {@code instanceof}.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
@Replaces(HealthResultFilter.class)
@Requires(beans = HealthEndpoint.class)
public final class HealthStatusFilter {

    private final HealthEndpoint health;

    public HealthStatusFilter(HealthEndpoint health) {
        this.health = health;
    }

    @ResponseFilter
    public void status(MutableHttpResponse<?> response) {
        if (!(response.body() instanceof HealthResult result)) {
            return;
        }
        HealthStatus status = result.getStatus();
        HttpStatus mapped = health.getStatusConfiguration().getHttpMapping().get(status.getName());
        if (mapped != null) {
            response.status(mapped);
        } else if (!status.getOperational().orElse(true)) {
            response.status(HttpStatus.SERVICE_UNAVAILABLE);
        }
    }
}
