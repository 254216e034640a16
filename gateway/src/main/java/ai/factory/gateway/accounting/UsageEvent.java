package ai.factory.gateway.accounting;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one authenticated request used: the unit of billing. Made once per request when it
 * ends (completed, failed, cancelled or rejected), appended to the Redis stream
 * {@link #STREAM}, and landed in PostgreSQL by the flusher, where {@code requestId} is unique so
 * a re-delivered entry changes nothing.
 *
 * <p>Cost is in nano-dollars (1e-9 USD) so that prices such as $0.075 per million tokens stay
 * whole numbers and budgets can be counted with Redis integers.
 *
 * @param product the product id, or null for the plain OpenAI API
 * @param status one of {@code ok}, {@code error}, {@code cancelled}, {@code rejected}
 * @param estimated true when the token numbers were counted by the gateway's tokenizer
 *     because the backend reported none (a cut stream, a disconnected client)
 * @param ttftMillis time to first token for streams, time to the whole answer otherwise; -1 when none
 * @param clientRequestId the client's {@code x-request-id}, a correlation field only (the ledger's
 *     identity is {@code requestId}, which the gateway generates); null when it sent none
 * @param traceId the request's W3C trace id, so an operator goes from a ledger row to its trace;
 *     null when the request had no valid span context
 * @param channel the entry point other than the HTTP API the request came through ({@code mcp},
 *     {@code slack}, {@code telegram}, ...), or null for the HTTP API
 * @param endUser the end user behind a chat channel, hashed (never the platform's raw id), or null
 */
public record UsageEvent(
        String requestId,
        long timestampMillis,
        String tenantId,
        String keyId,
        String product,
        String operation,
        String modelAlias,
        String servedModel,
        String pool,
        String endpoint,
        long inputTokens,
        long outputTokens,
        long cachedTokens,
        long costNanos,
        String status,
        boolean cacheHit,
        int fallbacks,
        long latencyMillis,
        long ttftMillis,
        boolean estimated,
        int httpStatus,
        String clientRequestId,
        String traceId,
        String channel,
        String endUser) {

    /** An event of the HTTP API (no channel, no end user). */
    public UsageEvent(String requestId, long timestampMillis, String tenantId, String keyId, String product,
            String operation, String modelAlias, String servedModel, String pool, String endpoint, long inputTokens,
            long outputTokens, long cachedTokens, long costNanos, String status, boolean cacheHit, int fallbacks,
            long latencyMillis, long ttftMillis, boolean estimated, int httpStatus, String clientRequestId,
            String traceId) {
        this(requestId, timestampMillis, tenantId, keyId, product, operation, modelAlias, servedModel, pool, endpoint,
                inputTokens, outputTokens, cachedTokens, costNanos, status, cacheHit, fallbacks, latencyMillis,
                ttftMillis, estimated, httpStatus, clientRequestId, traceId, null, null);
    }

    /** This event as it came through {@code channel} for {@code endUser} (hashed). */
    public UsageEvent withChannel(String channel, String endUser) {
        return new UsageEvent(requestId, timestampMillis, tenantId, keyId, product, operation, modelAlias, servedModel,
                pool, endpoint, inputTokens, outputTokens, cachedTokens, costNanos, status, cacheHit, fallbacks,
                latencyMillis, ttftMillis, estimated, httpStatus, clientRequestId, traceId, channel, endUser);
    }

    /** An event without a client correlation id. */
    public UsageEvent(String requestId, long timestampMillis, String tenantId, String keyId, String product,
            String operation, String modelAlias, String servedModel, String pool, String endpoint, long inputTokens,
            long outputTokens, long cachedTokens, long costNanos, String status, boolean cacheHit, int fallbacks,
            long latencyMillis, long ttftMillis, boolean estimated, int httpStatus) {
        this(requestId, timestampMillis, tenantId, keyId, product, operation, modelAlias, servedModel, pool, endpoint,
                inputTokens, outputTokens, cachedTokens, costNanos, status, cacheHit, fallbacks, latencyMillis,
                ttftMillis, estimated, httpStatus, null, null);
    }

    /** An event without a trace id. */
    public UsageEvent(String requestId, long timestampMillis, String tenantId, String keyId, String product,
            String operation, String modelAlias, String servedModel, String pool, String endpoint, long inputTokens,
            long outputTokens, long cachedTokens, long costNanos, String status, boolean cacheHit, int fallbacks,
            long latencyMillis, long ttftMillis, boolean estimated, int httpStatus, String clientRequestId) {
        this(requestId, timestampMillis, tenantId, keyId, product, operation, modelAlias, servedModel, pool, endpoint,
                inputTokens, outputTokens, cachedTokens, costNanos, status, cacheHit, fallbacks, latencyMillis,
                ttftMillis, estimated, httpStatus, clientRequestId, null);
    }

    /** The Redis stream every gateway instance appends to. */
    public static final String STREAM = "gateway:usage";

    public static final String OK = "ok";
    public static final String ERROR = "error";
    public static final String CANCELLED = "cancelled";
    public static final String REJECTED = "rejected";

    /** The stream entry's fields: flat strings, as Redis streams hold them. */
    public Map<String, String> toFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("request_id", requestId);
        f.put("ts", Long.toString(timestampMillis));
        f.put("tenant", tenantId);
        f.put("key_id", keyId);
        f.put("product", product == null ? "" : product);
        f.put("operation", operation);
        f.put("model", modelAlias == null ? "" : modelAlias);
        f.put("served_model", servedModel == null ? "" : servedModel);
        f.put("pool", pool == null ? "" : pool);
        f.put("endpoint", endpoint == null ? "" : endpoint);
        f.put("input_tokens", Long.toString(inputTokens));
        f.put("output_tokens", Long.toString(outputTokens));
        f.put("cached_tokens", Long.toString(cachedTokens));
        f.put("cost_nanos", Long.toString(costNanos));
        f.put("status", status);
        f.put("cache_hit", cacheHit ? "1" : "0");
        f.put("fallbacks", Integer.toString(fallbacks));
        f.put("latency_ms", Long.toString(latencyMillis));
        f.put("ttft_ms", Long.toString(ttftMillis));
        f.put("estimated", estimated ? "1" : "0");
        f.put("http_status", Integer.toString(httpStatus));
        if (clientRequestId != null) {
            f.put("client_request_id", clientRequestId);
        }
        if (traceId != null) {
            f.put("trace_id", traceId);
        }
        if (channel != null) {
            f.put("channel", channel);
        }
        if (endUser != null) {
            f.put("end_user", endUser);
        }
        return f;
    }

    public static UsageEvent fromFields(Map<String, String> f) {
        return new UsageEvent(
                f.get("request_id"),
                Long.parseLong(f.get("ts")),
                f.get("tenant"),
                f.get("key_id"),
                emptyToNull(f.get("product")),
                f.get("operation"),
                emptyToNull(f.get("model")),
                emptyToNull(f.get("served_model")),
                emptyToNull(f.get("pool")),
                emptyToNull(f.get("endpoint")),
                Long.parseLong(f.get("input_tokens")),
                Long.parseLong(f.get("output_tokens")),
                Long.parseLong(f.get("cached_tokens")),
                Long.parseLong(f.get("cost_nanos")),
                f.get("status"),
                "1".equals(f.get("cache_hit")),
                Integer.parseInt(f.get("fallbacks")),
                Long.parseLong(f.get("latency_ms")),
                Long.parseLong(f.get("ttft_ms")),
                "1".equals(f.get("estimated")),
                Integer.parseInt(f.getOrDefault("http_status", "0")),
                emptyToNull(f.get("client_request_id")),
                emptyToNull(f.get("trace_id")),
                emptyToNull(f.get("channel")),
                emptyToNull(f.get("end_user")));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
