package ai.factory.gateway.ratelimit;

/**
 * One bucket a request must fit in, as the rate-limit scripts see it.
 *
 * @param kind what it limits, over which period (and so how the scripts keep it)
 * @param window refill window (requests, tokens), lease length (concurrency) or key lifetime (budgets), in ms
 * @param cost what this request takes from the bucket (1 request, estimated tokens or cost)
 * @param header which rate-limit header family it feeds: "requests", "tokens" or null
 * @param seed for a budget: the ledger's total for the period, written only if the counter is
 *     missing from Redis (lost data); 0 otherwise
 */
public record Bucket(BucketKind kind, String key, long limit, long window, long cost, String header, long seed) {

    public Bucket(BucketKind kind, String key, long limit, long window, long cost, String header) {
        this(kind, key, limit, window, cost, header, 0);
    }

    /** What the scope is called in an error message: the key name minus its hash tag braces. */
    public String describe() {
        return key.replace("{", "").replace("}", "");
    }
}
