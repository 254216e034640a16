package ai.factory.routing.pool;

import static ai.factory.routing.support.TestEndpoints.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.balancing.BalanceHints;
import ai.factory.routing.balancing.WeightedLeastOutstanding;
import ai.factory.routing.health.GuardSettings;
import ai.factory.routing.support.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WaitQueueTest {

    private final Endpoint only = endpoint("a", 1);

    private Pool pool(int capacity, Duration timeout) {
        return new Pool("p", Protocol.OPENAI, List.of(only), new WeightedLeastOutstanding(), null,
                new PoolSettings(Location.ON_PREM, null, null, 3, new QueueSettings(capacity, timeout)));
    }

    private static CompletableFuture<Endpoint> wait(Pool pool, String tenant, int priority) {
        return pool.acquireOrWait(BalanceHints.NONE, Set.of(), tenant, priority);
    }

    @Test
    void a_request_on_a_full_pool_waits_and_gets_the_slot_when_it_frees() throws Exception {
        Pool pool = pool(10, Duration.ofSeconds(30));
        Endpoint held = wait(pool, "t", 0).get();
        CompletableFuture<Endpoint> waiting = wait(pool, "t", 0);
        assertFalse(waiting.isDone());
        assertEquals(1, pool.waiting());
        held.release();
        assertSame(only, waiting.get(5, TimeUnit.SECONDS));
        assertEquals(1, only.inFlight(), "the slot passed straight to the waiter");
        assertEquals(0, pool.waiting());
    }

    @Test
    void a_full_queue_sheds_at_once_with_a_retry_after() {
        Pool pool = pool(1, Duration.ofSeconds(30));
        wait(pool, "t", 0);
        wait(pool, "t", 0);
        ExecutionException e = assertThrows(ExecutionException.class, () -> wait(pool, "t", 0).get(5, TimeUnit.SECONDS));
        BackendFailure failure = assertInstanceOf(BackendFailure.class, e.getCause());
        assertEquals(BackendFailure.Kind.NO_CAPACITY, failure.kind());
        assertTrue(failure.getMessage().contains("wait queue is full"), failure.getMessage());
        assertEquals("30", failure.retryAfter());
    }

    @Test
    void a_wait_past_the_timeout_is_shed() {
        Pool pool = pool(10, Duration.ofMillis(50));
        wait(pool, "t", 0);
        ExecutionException e = assertThrows(ExecutionException.class, () -> wait(pool, "t", 0).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("no slot freed within 50 ms"), e.getCause().getMessage());
        assertEquals(0, pool.waiting());
    }

    @Test
    void a_higher_priority_tier_is_served_first() throws Exception {
        Pool pool = pool(10, Duration.ofSeconds(30));
        Endpoint held = wait(pool, "t", 0).get();
        CompletableFuture<Endpoint> free = wait(pool, "free-tier", 0);
        CompletableFuture<Endpoint> paid = wait(pool, "enterprise", 10);
        held.release();
        assertTrue(paid.isDone() && !free.isDone());
        paid.get().release();
        assertTrue(free.isDone());
    }

    @Test
    void tenants_of_one_tier_take_turns_so_a_burst_does_not_starve_the_others() throws Exception {
        Pool pool = pool(10, Duration.ofSeconds(30));
        Endpoint held = wait(pool, "x", 0).get();
        List<String> served = new ArrayList<>();
        for (String tenant : List.of("burst", "burst", "burst", "quiet")) {
            wait(pool, tenant, 0).thenAccept(e -> served.add(tenant));
        }
        held.release();
        for (int i = 0; i < 3; i++) {
            only.release();
        }
        assertEquals(List.of("burst", "quiet", "burst", "burst"), served);
    }

    @Test
    void without_a_queue_a_full_pool_answers_null_at_once() throws Exception {
        Pool pool = new Pool("p", Protocol.OPENAI, List.of(only), new WeightedLeastOutstanding());
        wait(pool, "t", 0).get();
        assertEquals(null, wait(pool, "t", 0).get());
    }

    @Test
    void a_half_open_endpoint_with_its_probes_out_makes_a_request_wait_not_loop() {
        MutableClock clock = new MutableClock();
        Endpoint probing = new Endpoint("p", URI.create("http://b:8000"), 1, 8,
                GuardSettings.defaults().withClock(clock)
                        .withBreaker(50f, 4, 4, Duration.ofSeconds(10), 1).withEjection(1000, Duration.ofSeconds(1)));
        for (int i = 0; i < 4; i++) {
            probing.guard().tryEnter();
            probing.guard().onFailure(1, new RuntimeException("down"));
        }
        clock.advance(Duration.ofSeconds(11));
        assertTrue(probing.guard().routable());
        assertTrue(probing.guard().tryEnter(), "the one probe is out");
        Pool pool = new Pool("p", Protocol.OPENAI, List.of(probing), new WeightedLeastOutstanding(), null,
                new PoolSettings(Location.ON_PREM, null, null, 3, new QueueSettings(10, Duration.ofSeconds(30))));
        CompletableFuture<Endpoint> waiting = wait(pool, "t", 0);
        assertFalse(waiting.isDone());
        assertEquals(0, probing.inFlight(), "the slot taken for the refused pick was given back");
    }
}
