package ai.factory.routing.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.support.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointGuardTest {

    private final MutableClock clock = new MutableClock();
    private final RuntimeException boom = new RuntimeException("HTTP 500");

    private EndpointGuard guard() {
        GuardSettings settings = GuardSettings.defaults().withClock(clock)
                .withBreaker(50f, 10, 4, Duration.ofSeconds(10), 2)
                .withEjection(1000, Duration.ofSeconds(10));
        return new EndpointGuard("gpu-a", settings);
    }

    private static void call(EndpointGuard guard, boolean ok, RuntimeException why) {
        assertTrue(guard.tryEnter());
        if (ok) {
            guard.onSuccess(1_000_000);
        } else {
            guard.onFailure(1_000_000, why);
        }
    }

    @Test
    void circuit_opens_when_the_failure_rate_crosses_the_threshold_and_the_endpoint_is_skipped() {
        EndpointGuard guard = guard();
        call(guard, true, boom);
        call(guard, false, boom);
        call(guard, true, boom);
        assertTrue(guard.routable());
        call(guard, false, boom); // 2 of 4 failed: 50 %
        assertEquals(CircuitBreaker.State.OPEN, guard.circuitState());
        assertFalse(guard.routable());
        assertEquals("circuit open", guard.describe());
    }

    @Test
    void open_circuit_lets_probes_through_after_its_wait_and_closes_when_they_succeed() {
        EndpointGuard guard = guard();
        for (int i = 0; i < 4; i++) {
            call(guard, false, boom);
        }
        clock.advance(Duration.ofSeconds(5));
        assertFalse(guard.routable());
        clock.advance(Duration.ofSeconds(6));
        assertTrue(guard.routable());
        assertEquals(CircuitBreaker.State.HALF_OPEN, guard.circuitState());
        assertTrue(guard.tryEnter());
        assertTrue(guard.tryEnter());
        assertFalse(guard.tryEnter(), "only two probes at a time in half-open");
        guard.onSuccess(1_000_000);
        guard.onSuccess(1_000_000);
        assertEquals(CircuitBreaker.State.CLOSED, guard.circuitState());
    }

    @Test
    void a_failed_probe_opens_the_circuit_again() {
        EndpointGuard guard = guard();
        for (int i = 0; i < 4; i++) {
            call(guard, false, boom);
        }
        clock.advance(Duration.ofSeconds(11));
        assertTrue(guard.routable());
        call(guard, false, boom);
        call(guard, false, boom);
        assertEquals(CircuitBreaker.State.OPEN, guard.circuitState());
        assertFalse(guard.routable());
    }

    @Test
    void consecutive_failures_eject_the_endpoint_for_a_while_even_with_few_calls() {
        EndpointGuard guard = new EndpointGuard("gpu-a", GuardSettings.defaults().withClock(clock)
                .withEjection(3, Duration.ofSeconds(10)));
        call(guard, false, boom);
        call(guard, false, boom);
        assertTrue(guard.routable());
        call(guard, false, boom);
        assertFalse(guard.routable());
        assertEquals("ejected after repeated failures", guard.describe());
        clock.advance(Duration.ofSeconds(11));
        assertTrue(guard.routable());
    }

    @Test
    void a_429_keeps_the_endpoint_out_for_its_retry_after_and_is_not_a_breaker_failure() {
        EndpointGuard guard = guard();
        for (int i = 0; i < 10; i++) {
            assertTrue(guard.tryEnter());
            guard.onOverloaded(Duration.ofSeconds(3));
        }
        assertFalse(guard.routable());
        assertEquals(CircuitBreaker.State.CLOSED, guard.circuitState());
        clock.advance(Duration.ofSeconds(2));
        assertFalse(guard.routable());
        clock.advance(Duration.ofMillis(1100));
        assertTrue(guard.routable());
    }

    @Test
    void a_huge_retry_after_is_capped() {
        EndpointGuard guard = guard();
        guard.onOverloaded(Duration.ofHours(1));
        clock.advance(Duration.ofSeconds(31));
        assertTrue(guard.routable());
    }

    @Test
    void failed_health_checks_take_the_endpoint_out_and_one_success_brings_it_back() {
        EndpointGuard guard = guard();
        guard.onHealthCheck(false);
        assertTrue(guard.routable(), "one failed check may be a blip");
        guard.onHealthCheck(false);
        assertFalse(guard.routable());
        assertEquals("failing its health checks", guard.describe());
        guard.onHealthCheck(true);
        assertTrue(guard.routable());
    }
}
