package ai.factory.routing.kvevents;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which blocks each model server holds, as its own KV events say: exact up to the events in
 * flight, and the same in every gateway instance that subscribes, with no round trip on the
 * request path. Keyed by the endpoint's base URL (what {@link ai.factory.routing.pool.Endpoint}
 * is known by), so a configuration reload that re-creates endpoints keeps the view.
 */
public final class KvBlockIndex {

    /** {@link #unheardSince} when nothing was routed since the endpoint's last message. */
    public static final long NONE = Long.MIN_VALUE;

    private final Map<String, Set<Long>> byEndpoint = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> unheard = new ConcurrentHashMap<>();

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

    /**
     * Drops the endpoint altogether: it left the pool, so its blocks must not attract requests,
     * and if it comes back its view starts empty under a new subscription.
     */
    public void drop(String endpoint) {
        byEndpoint.remove(endpoint);
        unheard.remove(endpoint);
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

    /**
     * A request was routed to the endpoint: its server will soon publish (prefill stores blocks).
     * Only the first route since the last message counts, so a subscriber can tell a deaf
     * connection (traffic went there long ago, nothing heard since) from an idle server.
     */
    public void routed(String endpoint) {
        unheard(endpoint).compareAndSet(NONE, System.nanoTime());
    }

    /** A message arrived from the endpoint (or its subscriber started over): nothing is awaited. */
    public void heard(String endpoint) {
        AtomicLong since = unheard.get(endpoint);
        if (since != null && since.get() != NONE) {
            since.set(NONE);
        }
    }

    /** {@link System#nanoTime()} of the first route since the endpoint's last message, or {@link #NONE}. */
    public long unheardSince(String endpoint) {
        AtomicLong since = unheard.get(endpoint);
        return since == null ? NONE : since.get();
    }

    private AtomicLong unheard(String endpoint) {
        AtomicLong since = unheard.get(endpoint);
        return since != null ? since : unheard.computeIfAbsent(endpoint, k -> new AtomicLong(NONE));
    }
}
