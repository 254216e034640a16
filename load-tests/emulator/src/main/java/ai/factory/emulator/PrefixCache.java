package ai.factory.emulator;

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

    PrefixCache(int capacityBlocks) {
        this.capacity = capacityBlocks;
    }

    synchronized Lease admit(long[] blocks) {
        int hits = 0;
        while (hits < blocks.length && refs.containsKey(blocks[hits])) {
            hits++;
        }
        long[] pinned = new long[blocks.length];
        int n = 0;
        for (long block : blocks) {
            int[] count = refs.get(block);
            if (count != null) {
                if (count[0]++ == 0) {
                    free.remove(block);
                }
                pinned[n++] = block;
            } else if (refs.size() < capacity || evictOne()) {
                refs.put(block, new int[] {1});
                pinned[n++] = block;
            }
        }
        return new Lease(java.util.Arrays.copyOf(pinned, n), hits);
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

    synchronized int cachedBlocks() {
        return refs.size();
    }

    private boolean evictOne() {
        Iterator<Long> eldest = free.keySet().iterator();
        if (!eldest.hasNext()) {
            return false;
        }
        refs.remove(eldest.next());
        eldest.remove();
        return true;
    }
}
