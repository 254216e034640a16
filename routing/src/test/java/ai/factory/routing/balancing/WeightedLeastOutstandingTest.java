package ai.factory.routing.balancing;

import static ai.factory.routing.support.TestEndpoints.endpoints;
import static ai.factory.routing.support.TestEndpoints.load;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.factory.routing.pool.Endpoint;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedLeastOutstandingTest {

    @Test
    void picks_the_endpoint_with_fewest_requests_in_flight() {
        List<Endpoint> pool = endpoints(3, 10);
        load(pool.get(0), 3);
        load(pool.get(1), 1);
        load(pool.get(2), 2);
        assertSame(pool.get(1), new WeightedLeastOutstanding().acquire(pool));
    }

    @Test
    void counts_in_flight_per_unit_of_weight() {
        Endpoint heavy = load(new Endpoint("p", URI.create("http://big:8000"), 4, 64), 6);
        Endpoint light = load(new Endpoint("p", URI.create("http://small:8000"), 1, 64), 2);
        // heavy: (6+1)/4 = 1.75 per weight, light: (2+1)/1 = 3
        assertSame(heavy, new WeightedLeastOutstanding().acquire(List.of(light, heavy)));
    }

    @Test
    void returns_null_when_every_endpoint_is_full() {
        List<Endpoint> pool = endpoints(2, 1);
        load(pool.get(0), 1);
        load(pool.get(1), 1);
        assertNull(new WeightedLeastOutstanding().acquire(pool));
    }
}
