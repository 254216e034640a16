package ai.factory.routing.pool;

import static ai.factory.routing.support.TestEndpoints.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.balancing.BalanceHints;
import ai.factory.routing.balancing.WeightedLeastOutstanding;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoolTest {

    @Test
    void replacing_endpoints_keeps_in_flight_requests_on_kept_and_removed_ones() {
        Endpoint a = endpoint("a", 4);
        Endpoint b = endpoint("b", 4);
        Pool pool = new Pool("p", Protocol.OPENAI, List.of(a, b), new WeightedLeastOutstanding());
        Endpoint onA = pool.acquire(BalanceHints.NONE, Set.of(b));
        Endpoint onB = pool.acquire(BalanceHints.NONE, Set.of(a));

        pool.replaceEndpoints(List.of(endpoint("a", 4), endpoint("c", 4)));

        assertSame(a, pool.endpoints().get(0), "a kept URL keeps its object, so its count carries over");
        assertEquals(1, pool.endpoints().get(0).inFlight());
        assertEquals("c", pool.endpoints().get(1).baseUrl().getHost());
        assertTrue(pool.endpoints().stream().noneMatch(e -> e == b), "b is no longer chosen");
        // The request still running on b finishes and frees its slot on the object it holds.
        onB.release();
        assertEquals(0, b.inFlight());
        assertEquals("c", pool.acquire().baseUrl().getHost(), "the new endpoint takes work (a is busy)");
        onA.release();
    }

    @Test
    void an_endpoint_cooling_down_after_a_429_is_not_chosen() {
        Endpoint a = endpoint("a", 4);
        Endpoint b = endpoint("b", 4);
        Pool pool = new Pool("p", Protocol.OPENAI, List.of(a, b), new WeightedLeastOutstanding());
        a.guard().onOverloaded(Duration.ofSeconds(30));
        for (int i = 0; i < 6; i++) {
            Endpoint e = pool.acquire();
            assertSame(b, e);
            e.release();
        }
        assertNull(pool.acquire(BalanceHints.NONE, Set.of(b)));
        assertEquals("no endpoint available (1 cooling down after a 429)", pool.unavailableReason(Set.of(b)));
    }

    @Test
    void a_full_pool_says_so() {
        Endpoint a = endpoint("a", 1);
        Pool pool = new Pool("p", Protocol.OPENAI, List.of(a), new WeightedLeastOutstanding());
        pool.acquire();
        assertNull(pool.acquire());
        assertEquals("all 1 endpoints are at their concurrency limit", pool.unavailableReason(Set.of()));
    }
}
