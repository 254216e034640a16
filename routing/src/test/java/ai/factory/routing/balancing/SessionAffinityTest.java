package ai.factory.routing.balancing;

import static ai.factory.routing.support.TestEndpoints.endpoints;
import static ai.factory.routing.support.TestEndpoints.load;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.pool.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionAffinityTest {

    private static BalanceHints session(String id) {
        return new BalanceHints(id, new long[0]);
    }

    @Test
    void keeps_a_session_on_one_endpoint() {
        List<Endpoint> pool = endpoints(4, 64);
        SessionAffinity balancer = new SessionAffinity();
        Endpoint first = balancer.acquire(pool, session("conv-42"));
        first.release();
        for (int i = 0; i < 10; i++) {
            Endpoint again = balancer.acquire(pool, session("conv-42"));
            assertSame(first, again);
            again.release();
        }
    }

    @Test
    void spreads_different_sessions_over_the_pool() {
        List<Endpoint> pool = endpoints(4, 64);
        SessionAffinity balancer = new SessionAffinity(100);
        Map<Endpoint, Integer> counts = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            Endpoint e = balancer.acquire(pool, session("s-" + i));
            counts.merge(e, 1, Integer::sum);
            e.release();
        }
        assertTrue(counts.size() == 4 && counts.values().stream().allMatch(c -> c > 50), counts.toString());
    }

    @Test
    void a_session_overflows_when_its_endpoint_is_above_the_load_bound() {
        List<Endpoint> pool = endpoints(2, 64);
        SessionAffinity balancer = new SessionAffinity(1.25);
        Endpoint home = balancer.acquire(pool, session("hot"));
        load(home, 9);
        // home: 10 in flight (11 with this one), the other 0: far above 1.25 × the average.
        assertNotSame(home, balancer.acquire(pool, session("hot")));
    }

    @Test
    void removing_an_endpoint_moves_only_its_own_sessions() {
        List<Endpoint> pool = endpoints(4, 64);
        SessionAffinity balancer = new SessionAffinity(100);
        Map<String, Endpoint> before = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            Endpoint e = balancer.acquire(pool, session("s-" + i));
            before.put("s-" + i, e);
            e.release();
        }
        List<Endpoint> smaller = new ArrayList<>(pool);
        Endpoint gone = smaller.remove(3);
        for (Map.Entry<String, Endpoint> entry : before.entrySet()) {
            Endpoint now = balancer.acquire(smaller, session(entry.getKey()));
            if (entry.getValue() != gone) {
                assertSame(entry.getValue(), now, entry.getKey());
            }
            now.release();
        }
    }

    @Test
    void requests_without_a_session_go_to_the_least_loaded() {
        List<Endpoint> pool = endpoints(3, 64);
        load(pool.get(0), 2);
        load(pool.get(2), 1);
        assertSame(pool.get(1), new SessionAffinity().acquire(pool, BalanceHints.NONE));
    }
}
