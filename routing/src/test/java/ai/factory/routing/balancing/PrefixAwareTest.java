package ai.factory.routing.balancing;

import static ai.factory.routing.support.TestEndpoints.endpoints;
import static ai.factory.routing.support.TestEndpoints.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.factory.routing.pool.Endpoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrefixAwareTest {

    private static final String SYSTEM = "You are the contract-review assistant of ACME. ".repeat(40);

    private static BalanceHints prompt(String text) {
        return new BalanceHints(null, PrefixBlocks.of(text));
    }

    @Test
    void sends_a_shared_prefix_back_to_the_endpoint_that_holds_it() {
        List<Endpoint> pool = endpoints(4, 64);
        PrefixAware balancer = new PrefixAware(10_000, 4, 0.1);
        Endpoint first = balancer.acquire(pool, prompt(SYSTEM + "Review clause 7."));
        first.release();
        for (int i = 0; i < 5; i++) {
            Endpoint again = balancer.acquire(pool, prompt(SYSTEM + "Question number " + i));
            assertSame(first, again);
            again.release();
        }
    }

    @Test
    void prefers_the_longest_match() {
        List<Endpoint> pool = endpoints(2, 64);
        PrefixAware balancer = new PrefixAware(10_000, 4, 0.1);
        Endpoint a = balancer.acquire(List.of(pool.get(0)), prompt(SYSTEM.substring(0, 1000)));
        Endpoint b = balancer.acquire(List.of(pool.get(1)), prompt(SYSTEM));
        a.release();
        b.release();
        assertSame(pool.get(1), balancer.acquire(pool, prompt(SYSTEM + " and more")));
    }

    @Test
    void overflows_to_the_least_loaded_when_the_cached_endpoint_is_too_busy() {
        List<Endpoint> pool = endpoints(2, 64);
        PrefixAware balancer = new PrefixAware(10_000, 4, 0.1);
        Endpoint home = balancer.acquire(pool, prompt(SYSTEM));
        load(home, 5); // six in flight against none: beyond the imbalance threshold of 4
        Endpoint chosen = balancer.acquire(pool, prompt(SYSTEM + "next"));
        assertNotSame(home, chosen);
    }

    @Test
    void keeps_the_cached_endpoint_within_the_imbalance_threshold() {
        List<Endpoint> pool = endpoints(2, 64);
        PrefixAware balancer = new PrefixAware(10_000, 4, 0.1);
        Endpoint home = balancer.acquire(pool, prompt(SYSTEM));
        load(home, 2);
        assertSame(home, balancer.acquire(pool, prompt(SYSTEM + "next")));
    }

    @Test
    void without_shared_prefixes_spreads_like_least_outstanding() {
        List<Endpoint> pool = endpoints(4, 64);
        PrefixAware balancer = new PrefixAware(10_000, 4, 0.1);
        Set<Endpoint> used = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            used.add(balancer.acquire(pool, prompt(("unique prompt " + i + " ").repeat(30))));
        }
        assertEquals(4, used.size());
        for (Endpoint e : pool) {
            assertEquals(2, e.inFlight());
        }
    }

    @Test
    void forgets_the_least_recently_routed_blocks_beyond_its_capacity() {
        List<Endpoint> pool = endpoints(2, 64);
        int blocks = PrefixBlocks.of(SYSTEM).length;
        PrefixAware balancer = new PrefixAware(blocks, 100, 0.1);
        Endpoint home = balancer.acquire(List.of(pool.get(0)), prompt(SYSTEM));
        balancer.acquire(List.of(pool.get(0)), prompt("something else entirely ".repeat(100))).release();
        home.release();
        load(pool.get(0), 1);
        // Had the index kept the system prompt, endpoint 0 would win (within the threshold); its
        // blocks were evicted, so there is nothing to chase and the least loaded wins.
        assertSame(pool.get(1), balancer.acquire(pool, prompt(SYSTEM)));
    }
}
