package ai.factory.gateway.ratelimit;

import ai.factory.gateway.error.GatewayError;

/**
 * A 429 that says which limit was hit and when to come back: the retry-after comes from the
 * bucket's own state (time until enough has refilled, the oldest lease expires, or the budget
 * window turns over), never a constant.
 */
public final class Rejection {

    private Rejection() {
    }

    public static GatewayError of(Bucket check, long retryMillis, long budgetResetMillis) {
        boolean budget = check.kind().budget();
        long wait = budget ? budgetResetMillis : retryMillis;
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
