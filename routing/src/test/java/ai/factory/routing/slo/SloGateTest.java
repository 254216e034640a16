package ai.factory.routing.slo;

import static ai.factory.routing.support.TestEndpoints.endpoints;
import static ai.factory.routing.support.TestEndpoints.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.balancing.WeightedLeastOutstanding;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SloGateTest {

    private final List<Endpoint> endpoints = endpoints(1, 100);
    private final Pool pool = new Pool("gpu", Protocol.OPENAI, endpoints, new WeightedLeastOutstanding());
    // 2 slots, 1 s per wave; free may fill the queue to half of 2 s, enterprise up to its 4 s.
    private final SloGate gate = new SloGate(new SloAdmission(List.of(
            new TierObjective("enterprise", Duration.ofSeconds(4), 2),
            new TierObjective("free", Duration.ofSeconds(2), 0)), 0.5),
            new WaitPredictor(2, 1000, 1000), 20);

    @Test
    void every_tier_enters_a_pool_with_room() {
        assertTrue(gate.enter(pool, "free").isDone());
        assertTrue(gate.enter(pool, "enterprise").isDone());
    }

    @Test
    void when_the_queue_would_break_the_lower_tiers_promise_it_is_refused_with_a_retry_delay_while_enterprise_enters()
            throws Exception {
        load(endpoints.get(0), 6); // three waves ahead: 3 s predicted
        assertTrue(gate.enter(pool, "enterprise").isDone(), "3 s is within enterprise's 4 s");
        CompletableFuture<Void> free = gate.enter(pool, "free");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> free.get(5, TimeUnit.SECONDS));
        BackendFailure shed = assertInstanceOf(BackendFailure.class, refused.getCause());
        assertEquals(BackendFailure.Kind.SHED, shed.kind());
        assertEquals("3", shed.retryAfter());
    }

    @Test
    void a_held_request_enters_once_the_queue_drains_within_its_objective() throws Exception {
        load(endpoints.get(0), 4); // two waves ahead: 2 s, over free's 1 s threshold but within reach of its 2 s
        CompletableFuture<Void> free = gate.enter(pool, "free");
        Thread.sleep(50);
        assertFalse(free.isDone(), "held at the gateway while the predicted wait is over its threshold");
        endpoints.get(0).release();
        endpoints.get(0).release();
        endpoints.get(0).release();
        free.get(5, TimeUnit.SECONDS); // admitted on a later check, not refused
    }
}
