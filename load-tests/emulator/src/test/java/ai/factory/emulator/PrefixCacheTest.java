package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrefixCacheTest {

    private static long[] blocks(long... ids) {
        return ids;
    }

    @Test
    void a_prompt_reuses_the_leading_blocks_another_prompt_left() {
        PrefixCache cache = new PrefixCache(100);
        cache.release(cache.admit(blocks(1, 2, 3, 4)));
        assertEquals(3, cache.admit(blocks(1, 2, 3, 9)).hitBlocks());
    }

    @Test
    void reuse_stops_at_the_first_missing_block() {
        PrefixCache cache = new PrefixCache(100);
        cache.release(cache.admit(blocks(1, 2, 3)));
        assertEquals(1, cache.admit(blocks(1, 7, 3)).hitBlocks());
    }

    @Test
    void unused_blocks_are_evicted_least_recently_used_first() {
        PrefixCache cache = new PrefixCache(4);
        cache.release(cache.admit(blocks(1, 2)));
        cache.release(cache.admit(blocks(3, 4)));
        cache.release(cache.admit(blocks(1, 2)));   // 1, 2 used again: 3, 4 are now the oldest
        cache.release(cache.admit(blocks(5, 6)));   // evicts 3, 4
        assertEquals(2, cache.admit(blocks(1, 2)).hitBlocks());
        assertEquals(0, cache.admit(blocks(3, 4)).hitBlocks());
    }

    @Test
    void blocks_of_running_sequences_are_never_evicted() {
        PrefixCache cache = new PrefixCache(2);
        PrefixCache.Lease running = cache.admit(blocks(1, 2));
        PrefixCache.Lease other = cache.admit(blocks(3, 4));
        assertEquals(0, other.pinned().length, "no room: computed but not kept");
        cache.release(other);
        assertEquals(1.0, cache.usage());
        cache.release(running);
        assertEquals(0.0, cache.usage());
        assertEquals(2, cache.admit(blocks(1, 2)).hitBlocks());
    }

    @Test
    void prompts_sharing_words_share_block_hashes() {
        String system = "word ".repeat(32);
        long[] a = PromptBlocks.of(system + "alpha beta", 16);
        long[] b = PromptBlocks.of(system + "gamma delta", 16);
        assertEquals(2, a.length);
        assertEquals(a[0], b[0]);
        assertEquals(a[1], b[1]);
        assertEquals(3, PromptBlocks.of(system + "x ".repeat(16), 16).length);
    }

    @Test
    void reset_is_refused_while_a_sequence_pins_blocks_and_empties_the_cache_once_idle() {
        PrefixCache cache = new PrefixCache(10);
        PrefixCache.Lease running = cache.admit(blocks(1, 2));
        assertEquals(false, cache.reset());
        assertEquals(2, cache.cachedBlocks());
        cache.release(running);
        assertEquals(true, cache.reset());
        assertEquals(0, cache.cachedBlocks());
        assertEquals(0, cache.admit(blocks(1, 2)).hitBlocks());
    }
}
