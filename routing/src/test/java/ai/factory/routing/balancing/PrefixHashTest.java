package ai.factory.routing.balancing;

import static ai.factory.routing.support.TestEndpoints.endpoints;
import static ai.factory.routing.support.TestEndpoints.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.factory.routing.kvevents.KvBlockIndex;
import ai.factory.routing.kvevents.KvEvent;
import ai.factory.routing.kvevents.KvEventBatch;
import ai.factory.routing.pool.Endpoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrefixHashTest {

    private static BalanceHints prompt(long... blocks) {
        return new BalanceHints(null, blocks);
    }

    private static Endpoint pickAndRelease(Balancer balancer, List<Endpoint> pool, BalanceHints hints) {
        Endpoint e = balancer.acquire(pool, hints);
        e.release();
        return e;
    }

    @Test
    void two_instances_with_no_shared_state_send_a_prefix_to_the_same_endpoint() {
        List<Endpoint> first = endpoints(4, 100);
        List<Endpoint> second = endpoints(4, 100); // another gateway's own Endpoint objects
        Balancer a = new PrefixHash(2, 1.25, 2, null);
        Balancer b = new PrefixHash(2, 1.25, 2, null);
        Set<String> homes = new HashSet<>();
        for (long product = 0; product < 40; product++) {
            String onA = pickAndRelease(a, first, prompt(product, 1000 + product, 7)).baseUrl().toString();
            String onB = pickAndRelease(b, second, prompt(product, 1000 + product, 8)).baseUrl().toString();
            assertEquals(onA, onB, "same leading blocks, same endpoint; later blocks do not matter");
            homes.add(onA);
        }
        assertEquals(4, homes.size(), "forty prefixes spread over every endpoint");
    }

    @Test
    void skips_its_first_choice_when_that_one_is_above_the_load_bound_and_returns_once_it_drains() {
        List<Endpoint> pool = endpoints(4, 100);
        Balancer balancer = new PrefixHash(1, 1.25, 2, null);
        Endpoint home = pickAndRelease(balancer, pool, prompt(42));
        load(home, 8); // bound: 1.25 × 9 / 4 + 2 = 4.8

        Endpoint spill = pickAndRelease(balancer, pool, prompt(42));
        assertNotEquals(home, spill);
        assertSame(spill, pickAndRelease(balancer, pool, prompt(42)), "the spill is the same every time");

        for (int i = 0; i < 8; i++) {
            home.release();
        }
        assertSame(home, pickAndRelease(balancer, pool, prompt(42)));
    }

    @Test
    void the_servers_own_counts_bound_the_load_so_instances_that_see_a_share_of_the_traffic_agree() {
        List<Endpoint> pool = endpoints(4, 100);
        Balancer balancer = new PrefixHash(1, 1.25, 2, null);
        Endpoint home = pickAndRelease(balancer, pool, prompt(42));
        // Nothing in flight from this instance, but the server reports 12 sequences (other instances' work).
        home.updateServerLoad(new ai.factory.routing.pool.ServerLoad(4, 8, 0.5, System.nanoTime()));
        assertNotEquals(home, pickAndRelease(balancer, pool, prompt(42)));
        home.updateServerLoad(new ai.factory.routing.pool.ServerLoad(4, 8, 0.5, System.nanoTime() - 5_000_000_000L));
        assertSame(home, pickAndRelease(balancer, pool, prompt(42)), "a stale scrape is ignored");
    }

    @Test
    void pools_name_the_new_balancers_and_kv_prefix_is_refused_without_its_events() {
        java.time.Duration stale = java.time.Duration.ofSeconds(1);
        assertEquals("prefix-hash", Balancers.named("prefix-hash", stale, 100).name());
        assertEquals("lora-affinity", Balancers.named("lora-affinity", stale, 100).name());
        assertEquals("kv-prefix", Balancers.named("kv-prefix", stale, 100, new KvBlockIndex()).name());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Balancers.named("kv-prefix", stale, 100));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("KV events"));
        org.junit.jupiter.api.Assertions.assertTrue(Balancers.needsServerMetrics("prefix-hash"));
        org.junit.jupiter.api.Assertions.assertTrue(Balancers.needsServerMetrics("lora-affinity"));
    }

    @Test
    void prompts_without_a_full_block_go_to_the_least_loaded_endpoint() {
        List<Endpoint> pool = endpoints(3, 100);
        load(pool.get(0), 2);
        load(pool.get(2), 1);
        assertSame(pool.get(1), new PrefixHash(4, 1.25, 2, null).acquire(pool, BalanceHints.NONE));
    }

    @Test
    void kv_events_send_a_prompt_where_its_blocks_are_actually_cached_within_the_bound() {
        List<Endpoint> pool = endpoints(4, 100);
        KvBlockIndex events = new KvBlockIndex();
        Balancer balancer = new PrefixHash(1, 1.25, 2, events);
        Endpoint hashed = pickAndRelease(new PrefixHash(1, 1.25, 2, null), pool, prompt(5, 6, 7));
        Endpoint holder = pool.stream().filter(e -> e != hashed).findFirst().orElseThrow();
        events.apply(holder.baseUrl().toString(), new KvEventBatch(0,
                List.of(new KvEvent.BlockStored(new long[] {5, 6}, null, new long[0], 16, null, null)), null));

        assertSame(holder, pickAndRelease(balancer, pool, prompt(5, 6, 7)), "the cache beats the hash");

        load(holder, 10);
        assertSame(hashed, pickAndRelease(balancer, pool, prompt(5, 6, 7)), "but not past the load bound");
    }

    @Test
    void kv_prefix_instances_that_have_not_yet_heard_a_servers_events_agree_with_those_that_have() {
        // Instance A's index already holds what the prefix's first request stored on its hash home;
        // instance B's events have not arrived. Both send the next request to the same place.
        List<Endpoint> poolA = endpoints(4, 100);
        List<Endpoint> poolB = endpoints(4, 100);
        KvBlockIndex heard = new KvBlockIndex();
        Balancer a = new PrefixHash(1, 1.25, 2, heard);
        Balancer b = new PrefixHash(1, 1.25, 2, new KvBlockIndex());
        for (long product = 0; product < 20; product++) {
            long[] blocks = {product, 100 + product, 200 + product};
            Endpoint first = pickAndRelease(a, poolA, prompt(blocks));
            heard.apply(first.baseUrl().toString(), new KvEventBatch(0, List.of(new KvEvent.BlockStored(blocks, null,
                    new long[0], 16, null, null)), null));
            String onA = pickAndRelease(a, poolA, prompt(blocks)).baseUrl().toString();
            String onB = pickAndRelease(b, poolB, prompt(blocks)).baseUrl().toString();
            assertEquals(first.baseUrl().toString(), onA, "product " + product);
            assertEquals(onA, onB, "product " + product + ": no events yet, the hash picks the same server");
        }
    }

    @Test
    void a_kv_prefix_route_tells_the_index_that_the_chosen_server_should_publish() {
        List<Endpoint> pool = endpoints(2, 100);
        KvBlockIndex events = new KvBlockIndex();
        Endpoint chosen = pickAndRelease(new PrefixHash(1, 1.25, 2, events), pool, prompt(5, 6));

        assertNotEquals(KvBlockIndex.NONE, events.unheardSince(chosen.baseUrl().toString()));
        Endpoint other = pool.get(0) == chosen ? pool.get(1) : pool.get(0);
        assertEquals(KvBlockIndex.NONE, events.unheardSince(other.baseUrl().toString()));
    }
}
