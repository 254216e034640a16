package ai.factory.routing.kvevents;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which blocks each model server holds, as its own KV events say: exact up to the events in
 * flight, and the same in every gateway instance that subscribes, with no round trip on the
 * request path. Keyed by the endpoint's base URL (what {@link ai.factory.routing.pool.Endpoint}
 * is known by), so a configuration reload that re-creates endpoints keeps the view.
 */
public final class KvBlockIndex {

    private final Map<String, Set<Long>> byEndpoint = new ConcurrentHashMap<>();

    /** Applies one batch from the endpoint, in order. */
    public void apply(String endpoint, KvEventBatch batch) {
        Set<Long> blocks = blocks(endpoint);
        for (KvEvent event : batch.events()) {
            if (event instanceof KvEvent.BlockStored stored) {
                for (long h : stored.blockHashes()) {
                    blocks.add(h);
                }
            } else if (event instanceof KvEvent.BlockRemoved removed) {
                for (long h : removed.blockHashes()) {
                    blocks.remove(h);
                }
            } else if (event instanceof KvEvent.AllBlocksCleared) {
                blocks.clear();
            }
        }
    }

    /**
     * Forgets what the endpoint held: after a gap in its sequence numbers the view may be wrong
     * in either direction, and an empty view only costs a few misses while the events refill it.
     */
    public void forget(String endpoint) {
        blocks(endpoint).clear();
    }

    /** How many leading blocks of {@code prefix} the endpoint holds (chained hashes: stop at the first miss). */
    public int matched(String endpoint, long[] prefix) {
        Set<Long> blocks = byEndpoint.get(endpoint);
        if (blocks == null) {
            return 0;
        }
        int n = 0;
        while (n < prefix.length && blocks.contains(prefix[n])) {
            n++;
        }
        return n;
    }

    public int size(String endpoint) {
        Set<Long> blocks = byEndpoint.get(endpoint);
        return blocks == null ? 0 : blocks.size();
    }

    private Set<Long> blocks(String endpoint) {
        return byEndpoint.computeIfAbsent(endpoint, k -> ConcurrentHashMap.newKeySet());
    }
}
