package ai.factory.gateway.observe.metrics;

import static ai.factory.observability.GatewayMetrics.USAGE_SPOOL_BYTES;
import static ai.factory.observability.GatewayMetrics.USAGE_SPOOL_REFUSED;

import ai.factory.gateway.accounting.spool.UsageSpool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

/** The local usage spool as metrics: what waits in it, and what it had to refuse. */
@Context
public class SpoolMeters {

    public SpoolMeters(UsageSpool spool, MeterRegistry registry) {
        FunctionCounter.builder(USAGE_SPOOL_REFUSED, spool, UsageSpool::refused)
                .description("Usage events the spool refused (full or failing disk); each is logged whole")
                .register(registry);
        Gauge.builder(USAGE_SPOOL_BYTES, spool, UsageSpool::usedBytes).baseUnit("bytes")
                .description("Bytes of usage events waiting in the local spool").register(registry);
    }
}
