package ai.factory.gateway.ratelimit;

import ai.factory.gateway.error.GatewayError;

/**
 * A 429 that says which limit was hit and when to come back: the retry-after comes from the
 * bucket's own state (time until enough has refilled, or the budget window turns over). A
 * concurrency refusal is the exception: a slot frees as soon as any of the tenant's requests ends,
 * and a sequential client can meet its own lease still held by the settlement of its previous
 * answer, so it is told 1 s, not when the oldest lease would expire (the lease TTL, 600 s).
 */
public final class Rejection {

    private static final long CONCURRENCY_RETRY_MILLIS = 1000;

    private Rejection() {
    }

    public static GatewayError of(Bucket check, long retryMillis, long budgetResetMillis) {
        boolean budget = check.kind().budget();
        long wait = budget ? budgetResetMillis : retryMillis;
        if (check.kind() == BucketKind.CONCURRENCY && wait > CONCURRENCY_RETRY_MILLIS) {
            wait = CONCURRENCY_RETRY_MILLIS;
        }
        String retryAfter = wait < 0 ? null : Long.toString(Math.max(1, (wait + 999) / 1000));
        String what = check.kind().description();
        String message;
        if (wait < 0) {
            message = "this request needs " + check.cost() + " but the limit on " + what + " is " + check.limit()
                    + " (" + check.describe() + "); lower max_tokens or the prompt size";
        } else {
            message = "rate limit reached for " + what + " (limit " + check.limit() + ", " + check.describe()
                    + "); retry after " + retryAfter + " s";
        }
        return new GatewayError(429, budget ? "insufficient_quota" : "requests",
                budget ? "insufficient_quota" : "rate_limit_exceeded", null, message, retryAfter);
    }
}
