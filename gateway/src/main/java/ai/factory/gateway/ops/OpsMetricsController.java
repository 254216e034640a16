package ai.factory.gateway.ops;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/**
 * {@code GET /admin/ops/metrics}: the live numbers of the /ops page (latency percentiles, cache
 * hit rate, error and fallback rates, pool load), from this instance's meters. Under /admin, so
 * the admin token filter guards it. Cheap: reads meters already in memory.
 */
@Controller("/admin/ops/metrics")
public class OpsMetricsController {

    private final OpsMetrics metrics;

    public OpsMetricsController(OpsMetrics metrics) {
        this.metrics = metrics;
    }

    @Get
    @Produces(MediaType.APPLICATION_JSON)
    public OpsSnapshot metrics() {
        return metrics.snapshot();
    }
}
