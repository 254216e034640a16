package ai.factory.routing.balancing;

import static ai.factory.routing.support.TestEndpoints.endpoints;
import static ai.factory.routing.support.TestEndpoints.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.factory.routing.pool.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinTest {

    @Test
    void takes_each_endpoint_in_turn_whatever_their_load() {
        List<Endpoint> pool = endpoints(3, 10);
        load(pool.get(0), 5);
        RoundRobin rr = new RoundRobin();
        assertSame(pool.get(0), rr.acquire(pool));
        assertSame(pool.get(1), rr.acquire(pool));
        assertSame(pool.get(2), rr.acquire(pool));
        assertSame(pool.get(0), rr.acquire(pool));
        assertEquals(7, pool.get(0).inFlight());
    }

    @Test
    void skips_full_endpoints_and_returns_null_when_all_are_full() {
        List<Endpoint> pool = endpoints(2, 1);
        RoundRobin rr = new RoundRobin();
        load(pool.get(0), 1);
        assertSame(pool.get(1), rr.acquire(pool));
        assertNull(rr.acquire(pool));
    }
}
