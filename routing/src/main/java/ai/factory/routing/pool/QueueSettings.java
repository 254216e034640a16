package ai.factory.routing.pool;

import java.time.Duration;

/**
 * The wait queue of a saturated pool.
 *
 * @param capacity waiters held at most; 0 turns queueing off (a full pool fails at once)
 * @param timeout the longest a request waits for a slot before it is shed
 */
public record QueueSettings(int capacity, Duration timeout) {

    public static final QueueSettings NONE = new QueueSettings(0, Duration.ZERO);

    public QueueSettings {
        if (capacity < 0) {
            throw new IllegalArgumentException("queue capacity must be >= 0: " + capacity);
        }
    }

    public boolean enabled() {
        return capacity > 0 && timeout.compareTo(Duration.ZERO) > 0;
    }
}
