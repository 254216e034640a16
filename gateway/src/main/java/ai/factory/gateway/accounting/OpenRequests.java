package ai.factory.gateway.accounting;

import java.time.Duration;

/**
 * Requests admitted on this instance whose usage event is not yet in Redis. At shutdown the
 * flusher waits for them before its last read, so a stream that finishes during the grace period
 * lands in the ledger from this instance instead of waiting for another one to claim it.
 */
public interface OpenRequests {

    /** Waits until every admitted request here has settled, at most {@code max}; true if none is left. */
    boolean awaitSettled(Duration max) throws InterruptedException;

    OpenRequests NONE = max -> true;
}
