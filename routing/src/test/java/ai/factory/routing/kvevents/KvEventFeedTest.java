package ai.factory.routing.kvevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pool's subscriptions follow its endpoint list. The publishers are addresses nobody listens on
 * (ZMQ connects in the background and retries), so only the bookkeeping is under test here; the
 * gateway's KvPrefixRefreshIT runs it against emulators that publish.
 */
class KvEventFeedTest {

    private static final String A = "http://gpu-a:8000";
    private static final String B = "http://gpu-b:8000";
    private static final String C = "http://gpu-c:8000";

    private final List<String> log = new ArrayList<>();
    private final KvBlockIndex index = new KvBlockIndex();

    private KvEventFeed feed() {
        return new KvEventFeed(index, "", Duration.ofSeconds(10), new KvEventFeed.Listener() {
            @Override
            public void opened(KvEventSubscriber s) {
                log.add("open " + s.endpoint() + " " + s.zmqEndpoint());
            }

            @Override
            public void closed(KvEventSubscriber s) {
                log.add("close " + s.endpoint());
            }
        });
    }

    private static Map<String, String> publishers(String... endpointAndZmq) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < endpointAndZmq.length; i += 2) {
            map.put(endpointAndZmq[i], endpointAndZmq[i + 1]);
        }
        return map;
    }

    private void store(String endpoint, long... hashes) {
        index.apply(endpoint, new KvEventBatch(0, List.of(new KvEvent.BlockStored(hashes, null, new long[0], 16, null,
                "GPU")), null));
    }

    private static KvEventSubscriber of(KvEventFeed feed, String endpoint) {
        return feed.subscribers().stream().filter(s -> s.endpoint().equals(endpoint)).findFirst().orElseThrow();
    }

    @Test
    void an_endpoint_that_joins_is_subscribed_and_one_that_leaves_is_closed_and_forgotten() {
        try (KvEventFeed feed = feed()) {
            feed.follow(publishers(A, "tcp://127.0.0.1:1", B, "tcp://127.0.0.1:2"));
            KvEventSubscriber a = of(feed, A);
            KvEventSubscriber b = of(feed, B);
            store(A, 11, 12);
            store(B, 21);
            log.clear();

            feed.follow(publishers(B, "tcp://127.0.0.1:2", C, "tcp://127.0.0.1:3"));

            assertEquals(List.of("close " + A, "open " + C + " tcp://127.0.0.1:3"), log);
            assertFalse(a.isOpen(), "the removed endpoint's subscription is closed");
            assertSame(b, of(feed, B), "an endpoint that stays keeps its subscription");
            assertTrue(b.isOpen());
            assertEquals(2, feed.subscribers().size());
            assertEquals(0, index.matched(A, new long[] {11, 12}), "a removed server's blocks attract nothing");
            assertEquals(1, index.matched(B, new long[] {21}), "a staying server's view is kept");
        }
    }

    @Test
    void a_publisher_that_moved_is_resubscribed_and_its_old_view_dropped() {
        try (KvEventFeed feed = feed()) {
            feed.follow(publishers(A, "tcp://127.0.0.1:1"));
            KvEventSubscriber before = of(feed, A);
            store(A, 11);
            log.clear();

            feed.follow(publishers(A, "tcp://127.0.0.1:4"));

            assertEquals(List.of("close " + A, "open " + A + " tcp://127.0.0.1:4"), log);
            assertFalse(before.isOpen());
            assertEquals("tcp://127.0.0.1:4", of(feed, A).zmqEndpoint());
            assertEquals(0, index.size(A));
        }
    }

    @Test
    void the_same_list_again_changes_nothing_and_close_stops_every_subscription() {
        KvEventFeed feed = feed();
        feed.follow(publishers(A, "tcp://127.0.0.1:1", B, "tcp://127.0.0.1:2"));
        List<KvEventSubscriber> first = feed.subscribers();
        log.clear();
        feed.follow(publishers(A, "tcp://127.0.0.1:1", B, "tcp://127.0.0.1:2"));
        assertEquals(List.of(), log);
        assertEquals(first, feed.subscribers());

        feed.close();
        assertEquals(List.of("close " + A, "close " + B), log);
        assertTrue(feed.subscribers().isEmpty());
        first.forEach(s -> assertFalse(s.isOpen()));
    }

    @Test
    void refuses_a_deaf_after_that_is_not_positive() {
        assertThrows(IllegalArgumentException.class, () -> new KvEventFeed(index, "", Duration.ZERO, null));
    }
}
