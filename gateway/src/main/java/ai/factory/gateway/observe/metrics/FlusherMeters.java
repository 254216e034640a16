package ai.factory.gateway.observe.metrics;

import static ai.factory.observability.GatewayMetrics.USAGE_DEAD_LETTERS;
import static ai.factory.observability.GatewayMetrics.USAGE_FLUSHER_RESTARTS;
import static ai.factory.observability.GatewayMetrics.USAGE_FLUSHER_RETRYING;

import ai.factory.gateway.accounting.flush.FlusherState;
import ai.factory.gateway.accounting.flush.UsageFlusher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;

/** The flusher's state as metrics, for the alert rules: retrying, restarts, dead letters. */
@Context
@Requires(beans = UsageFlusher.class)
public class FlusherMeters {

    public FlusherMeters(UsageFlusher flusher, MeterRegistry registry) {
        FlusherState state = flusher.state();
        Gauge.builder(USAGE_FLUSHER_RETRYING, state, s -> s.phase() == FlusherState.Phase.RETRYING ? 1 : 0)
                .description("1 while this instance's usage flusher is retrying after a failure").register(registry);
        FunctionCounter.builder(USAGE_FLUSHER_RESTARTS, state, FlusherState::restarts)
                .description("Times the usage flusher's loop died and was restarted").register(registry);
        FunctionCounter.builder(USAGE_DEAD_LETTERS, state, FlusherState::deadLettered)
                .description("Usage entries dead-lettered by this instance's flusher").register(registry);
    }
}
