package ai.factory.gateway.ops;

import static ai.factory.observability.GatewayMetrics.*;

import ai.factory.gateway.observe.metrics.EndpointStates;
import ai.factory.gateway.observe.metrics.UsageFlushProbe;
import ai.factory.observability.GenAiAttributes;
import ai.factory.observability.GenAiMetrics;
import ai.factory.observability.stats.BucketQuantile;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The /ops page's live numbers, added up from this instance's meters since it started: the same
 * meters Prometheus scrapes, so the page and Grafana agree. Percentiles are estimated from the
 * histogram buckets the way {@code histogram_quantile} does.
 */
@Singleton
public class OpsMetrics {

    private final MeterRegistry registry;
    private final RouteTable routes;
    private final UsageFlushProbe usageFlush;
    private final Instant since = Instant.now();

    public OpsMetrics(MeterRegistry registry, RouteTable routes, UsageFlushProbe usageFlush) {
        this.registry = registry;
        this.routes = routes;
        this.usageFlush = usageFlush;
    }

    public OpsSnapshot snapshot() {
        Map<String, Double> byStatus = new TreeMap<>();
        for (Counter c : registry.find(REQUESTS).counters()) {
            byStatus.merge(c.getId().getTag(TAG_STATUS), c.count(), Double::sum);
        }
        double total = byStatus.values().stream().mapToDouble(Double::doubleValue).sum();
        double rejected = byStatus.getOrDefault("rejected", 0.0);
        double hits = 0;
        double lookups = 0;
        for (Counter c : registry.find(CACHE_LOOKUPS).counters()) {
            lookups += c.count();
            hits += "hit".equals(c.getId().getTag(TAG_OUTCOME)) ? c.count() : 0;
        }
        return new OpsSnapshot(since.toString(), Math.round(total), rounded(byStatus),
                ratio(byStatus.getOrDefault("error", 0.0), total), ratio(rejected, total),
                ratio(sum(FALLBACKS), total - rejected), ratio(hits, lookups), tokens(), sum(COST),
                percentiles(GenAiMetrics.SERVER_REQUEST_DURATION), percentiles(GenAiMetrics.SERVER_TIME_TO_FIRST_TOKEN),
                endpoints(), new OpsSnapshot.UsageFlush(finite(usageFlush.length()), finite(usageFlush.pending()),
                        finite(usageFlush.lagSeconds())));
    }

    private Map<String, Long> tokens() {
        Map<String, Long> tokens = new LinkedHashMap<>();
        for (String type : List.of(GenAiAttributes.TOKEN_TYPE_INPUT, GenAiAttributes.TOKEN_TYPE_OUTPUT)) {
            double sum = 0;
            for (DistributionSummary s : registry.find(GenAiMetrics.CLIENT_TOKEN_USAGE)
                    .tag(GenAiAttributes.TOKEN_TYPE, type).summaries()) {
                sum += s.totalAmount();
            }
            tokens.put(type, Math.round(sum));
        }
        return tokens;
    }

    /** p50 and p99 over every series of a timer, its buckets merged. */
    private OpsSnapshot.Percentiles percentiles(String name) {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        double count = 0;
        for (Timer timer : registry.find(name).timers()) {
            count += timer.count();
            for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
                cumulative.merge(bucket.bucket(TimeUnit.SECONDS), bucket.count(), Double::sum);
            }
        }
        double[] bounds = cumulative.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        double[] counts = cumulative.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new OpsSnapshot.Percentiles(Math.round(count), finite(BucketQuantile.of(0.5, bounds, counts, count)),
                finite(BucketQuantile.of(0.99, bounds, counts, count)));
    }

    private List<OpsSnapshot.EndpointLoad> endpoints() {
        List<OpsSnapshot.EndpointLoad> list = new ArrayList<>();
        for (Pool pool : routes.pools()) {
            for (Endpoint e : pool.endpoints()) {
                list.add(new OpsSnapshot.EndpointLoad(pool.name(), e.baseUrl().toString(), e.inFlight(),
                        e.maxConcurrent(), EndpointStates.circuit(e),
                        e.serverLoad() == null ? null : e.serverLoad().waiting()));
            }
        }
        return list;
    }

    private double sum(String counter) {
        return registry.find(counter).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static Map<String, Long> rounded(Map<String, Double> values) {
        Map<String, Long> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, Math.round(v)));
        return out;
    }

    private static Double ratio(double part, double whole) {
        return whole > 0 ? part / whole : null;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
