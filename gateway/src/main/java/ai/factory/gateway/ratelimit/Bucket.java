package ai.factory.gateway.ratelimit;

/**
 * One bucket a request must fit in, as the rate-limit scripts see it.
 *
 * <p>Every bucket of one limit scope (the tenant, one of its keys, one of its products) is a field
 * of that scope's one Redis hash ({@link #redisKey}): a token bucket keeps its level in
 * {@link #field} and its time in {@code field + ":t"}, a budget its counter in {@link #field}
 * ({@code dtok:20261129}). So a script reads a scope with one HMGET and writes it with one HSET.
 * A concurrency bucket is the exception: its leases expire one by one, so it stays a sorted set of
 * its own ({@link #redisKey} is that set, {@link #field} is null).
 *
 * @param key the bucket's name: scope and field ({@code rl:<tag>:<tenant>:t:tpm}); what a 429
 *     message, the local limiter and a reservation record know it by
 * @param window refill window (requests, tokens), lease length (concurrency) or how long the
 *     counter must outlive its period's start (budgets), in ms
 * @param cost what this request takes from the bucket (1 request, estimated tokens or cost)
 * @param header which rate-limit header family it feeds: "requests", "tokens" or null
 * @param seed for a budget: the ledger's total for the period, written only if the counter is
 *     missing from Redis (lost data); 0 otherwise
 * @param redisKey the key the scripts touch: the scope's hash, or the lease set
 * @param field the bucket's field in the scope's hash; null for a lease set
 */
public record Bucket(BucketKind kind, String key, long limit, long window, long cost, String header, long seed,
                     String redisKey, String field) {

    public Bucket(BucketKind kind, String key, long limit, long window, long cost, String header, long seed) {
        this(kind, key, limit, window, cost, header, seed, scopeOf(kind, key), fieldOf(kind, key));
    }

    public Bucket(BucketKind kind, String key, long limit, long window, long cost, String header) {
        this(kind, key, limit, window, cost, header, 0);
    }

    /** A bucket of the scope whose hash is {@code scope}, as BucketPlan makes them. */
    static Bucket inScope(BucketKind kind, String scope, String field, long limit, long window, long cost,
            String header, long seed) {
        String key = scope + ":" + field;
        return kind == BucketKind.CONCURRENCY ? new Bucket(kind, key, limit, window, cost, header, seed, key, null)
                : new Bucket(kind, key, limit, window, cost, header, seed, scope, field);
    }

    /** What the scope is called in an error message: the key name minus its hash tag braces. */
    public String describe() {
        return key.replace("{", "").replace("}", "");
    }

    /**
     * The scope's hash from a bucket's name ({@code <scope>:<keyPart>[:<period>]}): how names
     * written before scopes were hashes (reservation records of the previous release) are read.
     */
    private static String scopeOf(BucketKind kind, String key) {
        if (kind == BucketKind.CONCURRENCY) {
            return key;
        }
        int at = key.lastIndexOf(":" + kind.keyPart());
        return at < 0 ? key : key.substring(0, at);
    }

    private static String fieldOf(BucketKind kind, String key) {
        if (kind == BucketKind.CONCURRENCY) {
            return null;
        }
        int at = key.lastIndexOf(":" + kind.keyPart());
        return at < 0 ? kind.keyPart() : key.substring(at + 1);
    }
}
