package ai.factory.routing.pool;

import java.time.Duration;

/**
 * A pool's routing policy beyond its endpoints.
 *
 * @param location on-prem or external, for data residency
 * @param firstByteTimeout the longest wait for a response head from this pool's servers; null
 *     keeps the request's own (the gateway-wide default)
 * @param callTimeout the longest a whole call may take, head to last byte; null for none. Past
 *     the head nothing can be retried, so hitting it cuts the answer with an error
 * @param maxAttempts endpoints of this pool tried for one request (1 = no retry) before the
 *     fallback moves on to the next target
 * @param queue the wait queue for a free slot when every endpoint is full
 */
public record PoolSettings(
        Location location,
        Duration firstByteTimeout,
        Duration callTimeout,
        int maxAttempts,
        QueueSettings queue) {

    public PoolSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be >= 1: " + maxAttempts);
        }
    }

    public static PoolSettings defaults() {
        return new PoolSettings(Location.ON_PREM, null, null, 3, QueueSettings.NONE);
    }

    public PoolSettings withLocation(Location newLocation) {
        return new PoolSettings(newLocation, firstByteTimeout, callTimeout, maxAttempts, queue);
    }
}
