package ai.factory.observability;

/**
 * The gateway's own metrics, beside the GenAI ones: what operators alert on (errors, fallbacks,
 * rejections, saturation, the usage flush) and what the cost dashboards add up.
 */
public final class GatewayMetrics {

    /** Requests that ended, tagged status, tenant, product, model, operation. */
    public static final String REQUESTS = "gateway.requests";
    /** Requests refused by admission (rate limits, concurrency, budget), tagged tenant and HTTP status. */
    public static final String REJECTIONS = "gateway.rate_limit.rejections";
    /** Cache lookups, tagged outcome {@code hit} or {@code miss}. */
    public static final String CACHE_LOOKUPS = "gateway.cache.lookups";
    /** Pools fallen back past, one per fallback step, tagged model. */
    public static final String FALLBACKS = "gateway.fallbacks";
    /** Tokens the prompt cache of the backend served, a subset of the input tokens. */
    public static final String CACHED_TOKENS = "gateway.tokens.cached";
    /** Money spent, in dollars (counted from nano-dollars), tagged tenant, product, model. */
    public static final String COST = "gateway.cost";
    public static final String COST_UNIT = "dollars";

    /** Requests on one endpoint right now, tagged pool and endpoint. */
    public static final String ENDPOINT_IN_FLIGHT = "gateway.endpoint.in_flight";
    /** The endpoint's concurrency cap; in-flight over this is its saturation. */
    public static final String ENDPOINT_MAX_CONCURRENT = "gateway.endpoint.max_concurrent";
    /** Requests the model server itself reports waiting for a batch slot (NaN until scraped). */
    public static final String ENDPOINT_SERVER_WAITING = "gateway.endpoint.server_waiting";
    /** 1 for the endpoint's current circuit-breaker state, 0 for the others; tagged state. */
    public static final String ENDPOINT_CIRCUIT_STATE = "gateway.endpoint.circuit_state";

    /** A tenant's cost budget in dollars, tagged tenant and window ({@code daily} or {@code monthly}). */
    public static final String TENANT_BUDGET = "gateway.tenant.budget";

    /** Entries in the usage stream (the Redis stream every instance appends usage events to). */
    public static final String USAGE_STREAM_LENGTH = "gateway.usage.stream.length";
    /** Entries delivered to the flushers but not yet acknowledged (not yet committed). */
    public static final String USAGE_FLUSH_PENDING = "gateway.usage.flush.pending";
    /** Age in seconds of the oldest usage event not yet flushed to PostgreSQL; 0 when none. */
    public static final String USAGE_FLUSH_LAG = "gateway.usage.flush.lag";
    /** 1 while this instance's flusher is retrying after a failure (Redis or PostgreSQL away, a crash), else 0. */
    public static final String USAGE_FLUSHER_RETRYING = "gateway.usage.flusher.retrying";
    /** Times the flusher's loop died and was restarted by its supervisor. */
    public static final String USAGE_FLUSHER_RESTARTS = "gateway.usage.flusher.restarts";
    /** Usage entries written to the dead letters (unreadable, unbillable, or refused by PostgreSQL). */
    public static final String USAGE_DEAD_LETTERS = "gateway.usage.dead_letters";
    /** Usage events the local spool refused (over its size cap, or the disk failed): logged whole, not billed. */
    public static final String USAGE_SPOOL_REFUSED = "gateway.usage.spool.refused";
    /** Bytes waiting in the local usage spool. */
    public static final String USAGE_SPOOL_BYTES = "gateway.usage.spool.bytes";

    // Tag keys of the gateway's own metrics (Prometheus labels as written).
    public static final String TAG_STATUS = "status";
    public static final String TAG_TENANT = "tenant";
    public static final String TAG_PRODUCT = "product";
    public static final String TAG_MODEL = "model";
    public static final String TAG_OPERATION = "operation";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_HTTP_STATUS = "http_status";
    public static final String TAG_POOL = "pool";
    public static final String TAG_ENDPOINT = "endpoint";
    public static final String TAG_STATE = "state";
    public static final String TAG_WINDOW = "window";

    private GatewayMetrics() {
    }
}
