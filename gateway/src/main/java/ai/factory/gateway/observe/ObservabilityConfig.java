package ai.factory.gateway.observe;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code gateway.observability.*}: how much the metrics may say about tenants, and how often the
 * background probes run. Every setting has a default; none is needed to start.
 *
 * @param tenantLabelTopN tenants that keep their own metric label (the busiest); the rest are reported as "other"
 * @param pinnedTenants tenants that always keep their own label, on top of the busiest ones
 * @param usageGroup the consumer group of the usage flushers, whose lag is measured
 * @param providerNames gen_ai.provider.name per pool (e.g. {@code vllm}, {@code openai}); a pool not
 *     listed is named by itself
 * @param captureContentTenants tenants that opted in to prompt and completion capture on their gen_ai
 *     spans (bounded; sampled spans only; never logs or metrics); read by ContentCapture, nobody by default
 * @param accessLog whether to write the access log at all
 * @param latencyBuckets upper bounds of the latency histograms; by default for answers from 50 ms to several minutes
 * @param tokenTimeBuckets upper bounds of the time-per-output-token histogram: by default 2 ms (fast
 *     decode) to 1 s (a stalled one)
 */
@ConfigurationProperties("gateway.observability")
public record ObservabilityConfig(
        @Bindable(defaultValue = "50") int tenantLabelTopN,
        @Nullable List<String> pinnedTenants,
        @Bindable(defaultValue = "flushers") String usageGroup,
        @Nullable Map<String, String> providerNames,
        @Nullable List<String> captureContentTenants,
        @Bindable(defaultValue = "true") boolean accessLog,
        @Nullable List<Duration> latencyBuckets,
        @Nullable List<Duration> tokenTimeBuckets) {

    private static final List<Duration> LATENCY_BUCKETS = List.of(Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300));
    private static final List<Duration> TOKEN_TIME_BUCKETS = List.of(Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(35), Duration.ofMillis(50),
            Duration.ofMillis(75), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
            Duration.ofSeconds(1));

    public ObservabilityConfig {
        pinnedTenants = pinnedTenants == null ? List.of() : List.copyOf(pinnedTenants);
        providerNames = providerNames == null ? Map.of() : Map.copyOf(providerNames);
        captureContentTenants = captureContentTenants == null ? List.of() : List.copyOf(captureContentTenants);
        latencyBuckets = latencyBuckets == null || latencyBuckets.isEmpty() ? LATENCY_BUCKETS : List.copyOf(latencyBuckets);
        tokenTimeBuckets = tokenTimeBuckets == null || tokenTimeBuckets.isEmpty() ? TOKEN_TIME_BUCKETS
                : List.copyOf(tokenTimeBuckets);
    }

    /** Every setting at its default. */
    public static ObservabilityConfig defaults() {
        return new ObservabilityConfig(50, null, "flushers", null, null, true, null, null);
    }

    /** The provider name of a pool, for gen_ai.provider.name. */
    public String providerName(String pool) {
        if (pool == null) {
            return "none";
        }
        return providerNames.getOrDefault(pool, pool);
    }
}
