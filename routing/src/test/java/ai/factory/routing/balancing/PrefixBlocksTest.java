package ai.factory.routing.balancing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class PrefixBlocksTest {

    @Test
    void prompts_sharing_a_prefix_share_its_leading_block_hashes_only() {
        String system = "s".repeat(64 * 3);
        long[] a = PrefixBlocks.of(system + "a".repeat(64));
        long[] b = PrefixBlocks.of(system + "b".repeat(64));
        for (int i = 0; i < 3; i++) {
            assertEquals(a[i], b[i]);
        }
        assertNotEquals(a[3], b[3]);
    }

    @Test
    void a_block_hash_depends_on_every_block_before_it() {
        long[] a = PrefixBlocks.of("x".repeat(64) + "same".repeat(16));
        long[] b = PrefixBlocks.of("y".repeat(64) + "same".repeat(16));
        assertNotEquals(a[1], b[1]);
    }

    @Test
    void a_trailing_partial_block_is_not_hashed() {
        assertEquals(2, PrefixBlocks.of("z".repeat(64 * 2 + 63)).length);
        assertEquals(0, PrefixBlocks.of("").length);
    }
}
