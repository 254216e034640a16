package ai.factory.gateway.chat.outbound;

import java.time.Duration;

/**
 * How hard a platform call is retried after a 429 or 5xx: at most {@code attempts} tries in all,
 * each wait the platform's hint (Retry-After) or {@code fallbackWait} without one, a single wait
 * never longer than {@code maxWait}, and all waits together never past {@code total}, so a
 * platform that keeps refusing costs a bounded time before the reply is dropped.
 */
public record RetryBudget(int attempts, Duration fallbackWait, Duration maxWait, Duration total) {

    public RetryBudget {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** Four tries within half a minute: a chat answer later than that is not worth posting. */
    public static RetryBudget standard() {
        return new RetryBudget(4, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
