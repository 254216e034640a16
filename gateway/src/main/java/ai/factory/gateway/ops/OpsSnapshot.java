package ai.factory.gateway.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /admin/ops/metrics} answers: the /ops page's live numbers. Field names are the
 * page's (its script reads them); a rate with nothing to divide by is null, and written as null.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OpsSnapshot(String since, long requests,
                          @JsonProperty("requests_by_status") Map<String, Long> requestsByStatus,
                          @Nullable @JsonProperty("error_rate") Double errorRate,
                          @Nullable @JsonProperty("rejection_rate") Double rejectionRate,
                          @Nullable @JsonProperty("fallback_rate") Double fallbackRate,
                          @Nullable @JsonProperty("cache_hit_rate") Double cacheHitRate,
                          Map<String, Long> tokens,
                          @JsonProperty("cost_usd") double costUsd,
                          @JsonProperty("latency_seconds") Percentiles latencySeconds,
                          @JsonProperty("ttft_seconds") Percentiles ttftSeconds,
                          List<EndpointLoad> endpoints,
                          @JsonProperty("usage_flush") UsageFlush usageFlush) {

    /** p50 and p99 estimated from histogram buckets; null before anything was counted. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Percentiles(long count, @Nullable Double p50, @Nullable Double p99) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EndpointLoad(String pool, String endpoint, @JsonProperty("in_flight") int inFlight,
                               @JsonProperty("max_concurrent") int maxConcurrent, String circuit,
                               @Nullable @JsonProperty("server_waiting") Double serverWaiting) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UsageFlush(@Nullable @JsonProperty("stream_length") Double streamLength,
                             @Nullable Double pending, @Nullable @JsonProperty("lag_seconds") Double lagSeconds) {
    }
}
