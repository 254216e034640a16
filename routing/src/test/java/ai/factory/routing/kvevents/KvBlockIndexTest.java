package ai.factory.routing.kvevents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class KvBlockIndexTest {

    private static KvEventBatch batch(KvEvent... events) {
        return new KvEventBatch(0, List.of(events), null);
    }

    private static KvEvent stored(long... hashes) {
        return new KvEvent.BlockStored(hashes, null, new long[0], 16, null, null);
    }

    @Test
    void counts_leading_blocks_held_and_stops_at_the_first_missing_one() {
        KvBlockIndex index = new KvBlockIndex();
        index.apply("a", batch(stored(1, 2, 3), stored(5)));

        assertEquals(3, index.matched("a", new long[] {1, 2, 3, 4, 5}));
        assertEquals(0, index.matched("b", new long[] {1, 2}));
    }

    @Test
    void removal_and_clear_events_take_blocks_out_in_order() {
        KvBlockIndex index = new KvBlockIndex();
        index.apply("a", batch(stored(1, 2, 3), new KvEvent.BlockRemoved(new long[] {2}, null)));
        assertEquals(1, index.matched("a", new long[] {1, 2, 3}));

        index.apply("a", batch(new KvEvent.AllBlocksCleared(), stored(7)));
        assertEquals(0, index.matched("a", new long[] {1}));
        assertEquals(1, index.size("a"));
    }

    @Test
    void forget_drops_one_endpoint_only() {
        KvBlockIndex index = new KvBlockIndex();
        index.apply("a", batch(stored(1)));
        index.apply("b", batch(stored(1)));
        index.forget("a");
        assertEquals(0, index.size("a"));
        assertEquals(1, index.size("b"));
    }

    @Test
    void remembers_the_first_route_since_the_last_message_until_a_message_is_heard() throws Exception {
        KvBlockIndex index = new KvBlockIndex();
        assertEquals(KvBlockIndex.NONE, index.unheardSince("a"));
        index.routed("a");
        long first = index.unheardSince("a");
        Thread.sleep(2);
        index.routed("a");
        assertEquals(first, index.unheardSince("a"), "later routes do not move the start of the wait");

        index.heard("a");
        assertEquals(KvBlockIndex.NONE, index.unheardSince("a"));
    }
}
