package ai.factory.gateway.accounting.flush;

import java.time.Duration;

/**
 * Exponential back-off between failed attempts (Redis or PostgreSQL away): 100 ms doubling up to
 * a cap, reset by the first success. Not thread-safe; each loop owns one.
 */
public final class Backoff {

    private static final long FIRST_MILLIS = 100;
    private final long maxMillis;
    private long nextMillis = FIRST_MILLIS;

    public Backoff(Duration max) {
        this.maxMillis = Math.max(FIRST_MILLIS, max.toMillis());
    }

    /** The wait before the next attempt; each call doubles the following one. */
    public long nextDelayMillis() {
        long delay = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return delay;
    }

    public void reset() {
        nextMillis = FIRST_MILLIS;
    }
}
