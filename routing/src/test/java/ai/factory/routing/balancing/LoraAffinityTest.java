package ai.factory.routing.balancing;

import static ai.factory.routing.support.TestEndpoints.endpoints;
import static ai.factory.routing.support.TestEndpoints.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.ServerLoad;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoraAffinityTest {

    private static BalanceHints adapter(String name) {
        return new BalanceHints(null, new long[0], name);
    }

    @Test
    void keeps_each_adapter_on_one_endpoint_while_load_is_even_and_spreads_adapters_over_the_pool() {
        List<Endpoint> pool = endpoints(4, 100);
        LoraAffinity balancer = new LoraAffinity();
        Map<String, Endpoint> home = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            for (int a = 0; a < 12; a++) {
                Endpoint e = balancer.acquire(pool, adapter("adapter-" + a));
                e.release();
                Endpoint before = home.putIfAbsent("adapter-" + a, e);
                if (before != null) {
                    assertSame(before, e, "adapter-" + a + " stays put");
                }
            }
        }
        assertEquals(4, Set.copyOf(home.values()).size(), "twelve adapters use every endpoint");
    }

    @Test
    void spreads_an_adapter_to_its_next_endpoint_when_its_first_is_busy() {
        List<Endpoint> pool = endpoints(4, 100);
        LoraAffinity balancer = new LoraAffinity(1.25, 1);
        Endpoint first = balancer.acquire(pool, adapter("sql"));
        load(first, 5); // 6 in flight: above 1.25 × 7 / 4 + 1
        Endpoint second = balancer.acquire(pool, adapter("sql"));
        assertNotEquals(first, second);
    }

    @Test
    void prefers_an_endpoint_that_reports_the_adapter_loaded_over_one_that_would_swap_it_in() {
        List<Endpoint> pool = endpoints(4, 100);
        LoraAffinity balancer = new LoraAffinity();
        Endpoint first = balancer.acquire(pool, adapter("legal"));
        first.release();
        Endpoint loaded = pool.stream().filter(e -> e != first).findFirst().orElseThrow();
        loaded.updateServerLoad(new ServerLoad(0, 1, 0.1, System.nanoTime(), Set.of("legal"), 4));
        pool.stream().filter(e -> e != loaded).forEach(e -> load(e, 1)); // evenly busy: all within the bound
        assertSame(loaded, balancer.acquire(pool, adapter("legal")));
    }

    @Test
    void passes_over_a_server_whose_adapter_slots_are_all_in_use_for_one_with_room() {
        List<Endpoint> pool = endpoints(4, 100);
        LoraAffinity balancer = new LoraAffinity();
        Endpoint first = balancer.acquire(pool, adapter("hr"));
        first.release();
        long now = System.nanoTime();
        for (Endpoint e : pool) {
            e.updateServerLoad(e == first
                    ? new ServerLoad(0, 2, 0.1, now, Set.of("a", "b"), 2)   // both adapter slots busy with others
                    : new ServerLoad(0, 2, 0.1, now, Set.of("c"), 2));
        }
        Endpoint chosen = balancer.acquire(pool, adapter("hr"));
        assertNotEquals(first, chosen);
    }

    @Test
    void base_model_requests_go_to_the_least_loaded_endpoint() {
        List<Endpoint> pool = endpoints(3, 100);
        load(pool.get(0), 1);
        load(pool.get(1), 1);
        assertSame(pool.get(2), new LoraAffinity().acquire(pool, BalanceHints.NONE));
    }
}
