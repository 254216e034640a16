package ai.factory.gateway.observe.metrics;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Meters resolved once per label set: the request path looks a meter up by its label tuple (a small
 * record) instead of running a Micrometer builder, a tag list and the registry's id lookup for
 * every request. Label values are already bounded (tenants by {@code TopNLabels}, names by
 * {@link KnownNames}); the cache is bounded too, so tuples that a tenant re-ranking made stale
 * cannot pile up: when full it starts over, and meters are simply looked up again (Micrometer
 * returns the registered instance, so no count is lost).
 */
final class MeterCache<K, M> {

    private final int maxSize;
    private final Function<K, M> create;
    private final ConcurrentHashMap<K, M> meters = new ConcurrentHashMap<>();

    MeterCache(int maxSize, Function<K, M> create) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be >= 1: " + maxSize);
        }
        this.maxSize = maxSize;
        this.create = Objects.requireNonNull(create);
    }

    M get(K labels) {
        M meter = meters.get(labels);
        if (meter != null) {
            return meter;
        }
        if (meters.size() >= maxSize) {
            meters.clear();
        }
        return meters.computeIfAbsent(labels, create);
    }

    int size() {
        return meters.size();
    }
}
