package ai.factory.routing.balancing;

import ai.factory.routing.pool.Endpoint;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the gateway believes each endpoint holds in its prefix cache: the blocks of the prompts it
 * routed there, least recently routed evicted first, at most {@code capacityBlocks} per endpoint.
 * Approximate by design (the server evicts on its own schedule and other gateway instances route
 * too); it only has to be right often enough to beat a blind choice.
 */
final class PrefixIndex {

    private final int capacityBlocks;
    private final Map<String, Lru> byEndpoint = new ConcurrentHashMap<>();

    PrefixIndex(int capacityBlocks) {
        this.capacityBlocks = capacityBlocks;
    }

    /** How many leading blocks of {@code blocks} the endpoint is believed to hold. */
    int matched(Endpoint endpoint, long[] blocks) {
        Lru lru = byEndpoint.get(key(endpoint));
        if (lru == null) {
            return 0;
        }
        synchronized (lru) {
            int n = 0;
            // Chained hashes: block i can only be cached if blocks 0..i-1 are, so stop at the first miss.
            while (n < blocks.length && lru.containsKey(blocks[n])) {
                n++;
            }
            return n;
        }
    }

    /** Records that the prompt went to the endpoint: its blocks are now (likely) cached there. */
    void routed(Endpoint endpoint, long[] blocks) {
        Lru lru = byEndpoint.computeIfAbsent(key(endpoint), k -> new Lru(capacityBlocks));
        synchronized (lru) {
            for (long block : blocks) {
                lru.put(block, Boolean.TRUE);
            }
        }
    }

    /** Blocks believed cached on the endpoint, for "send new prefixes where the cache is emptiest". */
    int size(Endpoint endpoint) {
        Lru lru = byEndpoint.get(key(endpoint));
        if (lru == null) {
            return 0;
        }
        synchronized (lru) {
            return lru.size();
        }
    }

    /** By URL, so an endpoint re-created by a configuration reload keeps its cache history. */
    private static String key(Endpoint endpoint) {
        return endpoint.baseUrl().toString();
    }

    private static final class Lru extends LinkedHashMap<Long, Boolean> {
        private final int capacity;

        Lru(int capacity) {
            super(256, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > capacity;
        }
    }
}
