package ai.factory.gateway.observe;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code gateway.observability.*}: how much the metrics may say about tenants, and how often the
 * background probes run. Every setting has a default; none is needed to start.
 */
@ConfigurationProperties("gateway.observability")
public class ObservabilityConfig {

    /** Tenants that keep their own metric label (the busiest); the rest are reported as "other". */
    private int tenantLabelTopN = 50;
    /** Tenants that always keep their own label, on top of the busiest ones. */
    private List<String> pinnedTenants = List.of();
    /** The consumer group of the usage flushers, whose lag is measured. */
    private String usageGroup = "flushers";
    /** gen_ai.provider.name per pool (e.g. {@code vllm}, {@code openai}); a pool not listed is named by itself. */
    private Map<String, String> providerNames = Map.of();
    /**
     * Tenants that opted in to prompt and completion capture on their gen_ai spans (bounded; sampled
     * spans only; never logs or metrics). Read by ContentCapture; nobody by default.
     */
    private List<String> captureContentTenants = List.of();
    /** Whether to write the access log at all. */
    private boolean accessLog = true;
    /** Upper bounds of the latency histograms; chosen for answers from 50 ms to several minutes. */
    private List<Duration> latencyBuckets = List.of(Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300));
    /** Upper bounds of the time-per-output-token histogram: 2 ms (fast decode) to 1 s (a stalled one). */
    private List<Duration> tokenTimeBuckets = List.of(Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(35), Duration.ofMillis(50),
            Duration.ofMillis(75), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
            Duration.ofSeconds(1));

    public int getTenantLabelTopN() {
        return tenantLabelTopN;
    }

    public void setTenantLabelTopN(int tenantLabelTopN) {
        this.tenantLabelTopN = tenantLabelTopN;
    }

    public List<String> getPinnedTenants() {
        return pinnedTenants;
    }

    public void setPinnedTenants(List<String> pinnedTenants) {
        this.pinnedTenants = pinnedTenants;
    }

    public String getUsageGroup() {
        return usageGroup;
    }

    public void setUsageGroup(String usageGroup) {
        this.usageGroup = usageGroup;
    }

    public Map<String, String> getProviderNames() {
        return providerNames;
    }

    public void setProviderNames(Map<String, String> providerNames) {
        this.providerNames = providerNames;
    }

    public List<String> getCaptureContentTenants() {
        return captureContentTenants;
    }

    public void setCaptureContentTenants(List<String> captureContentTenants) {
        this.captureContentTenants = captureContentTenants;
    }

    public boolean isAccessLog() {
        return accessLog;
    }

    public void setAccessLog(boolean accessLog) {
        this.accessLog = accessLog;
    }

    public List<Duration> getLatencyBuckets() {
        return latencyBuckets;
    }

    public void setLatencyBuckets(List<Duration> latencyBuckets) {
        this.latencyBuckets = latencyBuckets;
    }

    public List<Duration> getTokenTimeBuckets() {
        return tokenTimeBuckets;
    }

    public void setTokenTimeBuckets(List<Duration> tokenTimeBuckets) {
        this.tokenTimeBuckets = tokenTimeBuckets;
    }

    /** The provider name of a pool, for gen_ai.provider.name. */
    public String providerName(String pool) {
        if (pool == null) {
            return "none";
        }
        return providerNames.getOrDefault(pool, pool);
    }
}
