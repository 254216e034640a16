package ai.factory.gateway.accounting.flush;

import ai.factory.gateway.observe.metrics.UsageFlushProbe;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * {@code usageFlusher} in {@code /health}: the flusher's state (running, retrying, its last
 * failure, restarts, dead letters) and the lag, the age of the oldest usage event not yet in
 * PostgreSQL. Who may see the details is the endpoint's configuration
 * ({@code endpoints.health.details-visible}); anonymous callers get UP or DOWN.
 *
 * <p>DOWN only when the flusher's thread is gone while it should run. Retrying (Redis or
 * PostgreSQL away) stays UP: events wait in the stream and nothing is lost, and taking the
 * instance out of service would not bring the database back. The lag alert pages for that.
 */
@Singleton
public class UsageFlusherHealth implements HealthIndicator {

    static final String NAME = "usageFlusher";

    private final BeanProvider<UsageFlusher> flusher;
    private final BeanProvider<UsageFlushProbe> probe;

    public UsageFlusherHealth(BeanProvider<UsageFlusher> flusher, BeanProvider<UsageFlushProbe> probe) {
        this.flusher = flusher;
        this.probe = probe;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        HealthStatus status = HealthStatus.UP;
        if (flusher.isPresent()) {
            UsageFlusher f = flusher.get();
            details.putAll(f.state().details());
            details.put("consumer", f.consumerName());
            if (!f.alive()) {
                status = HealthStatus.DOWN;
                details.put("state", "dead");
            }
        } else {
            details.put("state", "disabled");
        }
        double lag = probe.isPresent() ? probe.get().lagSeconds() : Double.NaN;
        // Measured from Redis for every instance's flusher: the gateway's lag, not this one's.
        details.put("lag_seconds", Double.isNaN(lag) ? null : lag);
        return Publishers.just(HealthResult.builder(NAME, status).details(details).build());
    }
}
