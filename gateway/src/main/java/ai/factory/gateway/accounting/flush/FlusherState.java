package ai.factory.gateway.accounting.flush;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the flusher is doing, for {@code /health} and the metrics: written by its one thread, read
 * by anyone. Plain Java.
 */
public final class FlusherState {

    /** The flusher's phase. */
    public enum Phase {
        /** Started, no batch attempted yet. */
        STARTING,
        /** The last attempt succeeded. */
        RUNNING,
        /** The last attempt failed (Redis or PostgreSQL away, or a crash of the loop): retrying with back-off. */
        RETRYING,
        /** Stopped on purpose (shutdown). */
        STOPPED
    }

    private volatile Phase phase = Phase.STARTING;
    private volatile long lastSuccessMillis;
    private volatile long lastFailureMillis;
    private volatile String lastFailure;
    private volatile long consecutiveFailures;
    private volatile long restarts;
    private volatile long landed;
    private volatile long deadLettered;
    private volatile long batches;

    void succeeded(long landedTotal, long deadLetteredTotal) {
        phase = Phase.RUNNING;
        lastSuccessMillis = System.currentTimeMillis();
        consecutiveFailures = 0;
        landed = landedTotal;
        deadLettered = deadLetteredTotal;
    }

    /** A read that returned entries was landed and acknowledged (claims included). */
    void batchLanded() {
        batches++; // one writer: the flusher's thread
    }

    void failed(Throwable failure) {
        phase = Phase.RETRYING;
        lastFailureMillis = System.currentTimeMillis();
        lastFailure = describe(failure);
        consecutiveFailures++;
    }

    /** The loop itself died (an Error, or a bug): the supervisor starts it again. */
    void restarted(Throwable failure) {
        failed(failure);
        restarts++;
    }

    void stopped() {
        phase = Phase.STOPPED;
    }

    public Phase phase() {
        return phase;
    }

    public long restarts() {
        return restarts;
    }

    public long deadLettered() {
        return deadLettered;
    }

    public long landed() {
        return landed;
    }

    /** Non-empty batches landed: each cost a read, a ledger transaction and an XACK. */
    public long batches() {
        return batches;
    }

    /** The state as {@code /health} details show it; no tenant data, only counts and the last error's text. */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", phase.name().toLowerCase(Locale.ROOT));
        d.put("landed", landed);
        d.put("dead_lettered", deadLettered);
        d.put("restarts", restarts);
        d.put("consecutive_failures", consecutiveFailures);
        if (lastSuccessMillis > 0) {
            d.put("last_success", Instant.ofEpochMilli(lastSuccessMillis).toString());
        }
        if (lastFailure != null) {
            d.put("last_failure", lastFailure);
            d.put("last_failure_at", Instant.ofEpochMilli(lastFailureMillis).toString());
        }
        return d;
    }

    private static String describe(Throwable t) {
        String text = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
