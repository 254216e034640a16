package ai.factory.emulator;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * vLLM's automatic prefix caching, reduced to what changes latency: a finite number of KV
 * blocks, each identified by the chained hash of its prompt prefix. A sequence pins its blocks
 * while it runs; when it ends they stay cached but become evictable, least recently used first.
 * A new prompt reuses its longest cached prefix and needs prefill only for the rest. When every
 * block is pinned, new blocks are computed but not kept (as vLLM would preempt instead; the
 * latency effect is the same: no reuse).
 */
final class PrefixCache {

    /** The blocks one sequence pinned, and how many leading ones it found already cached. */
    record Lease(long[] pinned, int hitBlocks) {
        static final Lease NONE = new Lease(new long[0], 0);
    }

    private final int capacity;
    private final Map<Long, int[]> refs = new HashMap<>();
    /** Cached blocks no running sequence uses, least recently used first: the eviction order. */
    private final LinkedHashMap<Long, Boolean> free = new LinkedHashMap<>();

    /** Told of every stored and evicted block when KV events are on; null otherwise. */
    private final KvEventPublisher events;

    PrefixCache(int capacityBlocks) {
        this(capacityBlocks, null);
    }

    PrefixCache(int capacityBlocks, KvEventPublisher events) {
        this.capacity = capacityBlocks;
        this.events = events;
    }

    synchronized Lease admit(long[] blocks) {
        int hits = 0;
        while (hits < blocks.length && refs.containsKey(blocks[hits])) {
            hits++;
        }
        long[] pinned = new long[blocks.length];
        int n = 0;
        int runStart = -1;
        for (int i = 0; i < blocks.length; i++) {
            long block = blocks[i];
            int[] count = refs.get(block);
            boolean stored = false;
            if (count != null) {
                if (count[0]++ == 0) {
                    free.remove(block);
                }
                pinned[n++] = block;
            } else if (refs.size() < capacity || evictOne()) {
                refs.put(block, new int[] {1});
                pinned[n++] = block;
                stored = true;
            }
            // Newly stored blocks are published in contiguous runs, each naming the block before it.
            if (stored && runStart < 0) {
                runStart = i;
            } else if (!stored && runStart >= 0) {
                publishStored(blocks, runStart, i);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            publishStored(blocks, runStart, blocks.length);
        }
        return new Lease(Arrays.copyOf(pinned, n), hits);
    }

    synchronized void release(Lease lease) {
        for (long block : lease.pinned()) {
            int[] count = refs.get(block);
            if (count != null && --count[0] == 0) {
                free.put(block, Boolean.TRUE);
            }
        }
    }

    /** Blocks held by running sequences, as vLLM's {@code kv_cache_usage_perc} counts them. */
    synchronized double usage() {
        return capacity == 0 ? 0 : (refs.size() - free.size()) / (double) capacity;
    }

    /**
     * vLLM's {@code reset_prefix_cache}: drops every cached block, publishing
     * {@code AllBlocksCleared}, but only while no running sequence pins one (vLLM refuses then too,
     * since clearing would corrupt those sequences). Returns whether it reset.
     */
    synchronized boolean reset() {
        if (free.size() != refs.size()) {
            return false;
        }
        refs.clear();
        free.clear();
        if (events != null) {
            events.cleared();
        }
        return true;
    }

    synchronized int cachedBlocks() {
        return refs.size();
    }

    private void publishStored(long[] blocks, int from, int to) {
        if (events != null) {
            events.stored(Arrays.copyOfRange(blocks, from, to), from == 0 ? null : blocks[from - 1]);
        }
    }

    private boolean evictOne() {
        Iterator<Long> eldest = free.keySet().iterator();
        if (!eldest.hasNext()) {
            return false;
        }
        long evicted = eldest.next();
        refs.remove(evicted);
        eldest.remove();
        if (events != null) {
            events.removed(evicted);
        }
        return true;
    }
}
