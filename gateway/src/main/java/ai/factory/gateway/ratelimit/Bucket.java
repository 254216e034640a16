package ai.factory.gateway.ratelimit;

/**
 * One bucket a request must fit in, as the admission script sees it.
 *
 * @param kind {@code req} and {@code tok}: token buckets of requests and tokens per window;
 *     {@code lease}: concurrent requests; {@code budget}: a calendar-window counter
 * @param window refill window (req, tok), lease length (lease) or key lifetime (budget), in ms
 * @param cost what this request takes from the bucket (1 request, estimated tokens or cost)
 * @param header which rate-limit header family it feeds: "requests", "tokens" or null
 * @param seed for a budget: the ledger's total for the period, written only if the counter is
 *     missing from Redis (lost data); 0 otherwise
 */
public record Bucket(String kind, String key, long limit, long window, long cost, String header, long seed) {

    public Bucket(String kind, String key, long limit, long window, long cost, String header) {
        this(kind, key, limit, window, cost, header, 0);
    }

    public static final String REQ = "req";
    public static final String TOK = "tok";
    public static final String LEASE = "lease";
    public static final String BUDGET = "budget";

    /** What the scope is called in an error message: the key name minus its hash tag braces. */
    public String describe() {
        return key.replace("{", "").replace("}", "");
    }

    /** A cost budget counts nano-dollars; every other bucket counts requests or tokens. */
    public boolean isCost() {
        return BUDGET.equals(kind) && key.contains("cost:");
    }
}
