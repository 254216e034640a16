package ai.factory.gateway.explorer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** One request as the explorer shows it: the ledger row, cost in USD, a missing first token as null. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExplorerRow(@JsonProperty("request_id") String requestId,
                          @Nullable @JsonProperty("client_request_id") String clientRequestId,
                          @Nullable @JsonProperty("trace_id") String traceId, String time, String tenant,
                          @Nullable @JsonProperty("key_id") String keyId, @Nullable String product,
                          @Nullable String operation, @Nullable String model,
                          @Nullable @JsonProperty("served_model") String servedModel, @Nullable String pool,
                          @Nullable String endpoint, @JsonProperty("input_tokens") long inputTokens,
                          @JsonProperty("output_tokens") long outputTokens,
                          @JsonProperty("cached_tokens") long cachedTokens, @JsonProperty("cost_usd") double costUsd,
                          String status, @JsonProperty("http_status") int httpStatus, String cache, int fallbacks,
                          @JsonProperty("latency_ms") long latencyMs, @Nullable @JsonProperty("ttft_ms") Long ttftMs,
                          boolean estimated) {
}
