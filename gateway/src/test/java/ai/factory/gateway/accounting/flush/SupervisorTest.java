package ai.factory.gateway.accounting.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SupervisorTest {

    @Test
    void a_loop_that_dies_of_an_error_or_returns_is_started_again() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger lives = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(1);
        FlusherState state = new FlusherState();
        Supervisor supervisor = new Supervisor("test-loop", () -> {
            int life = lives.incrementAndGet();
            if (life == 1) {
                throw new StackOverflowError("first life");
            }
            if (life == 2) {
                return; // a loop that ends on its own while it should run
            }
            third.countDown();
            while (running.get()) {
                Thread.onSpinWait();
            }
        }, running::get, state, Duration.ofMillis(100));
        supervisor.start();

        assertTrue(third.await(10, TimeUnit.SECONDS), "the loop was started a third time");
        assertTrue(supervisor.alive());
        assertEquals(2, state.restarts());
        assertEquals(FlusherState.Phase.RETRYING, state.phase());
        running.set(false);
        supervisor.stop(Duration.ofSeconds(5));
        assertFalse(supervisor.alive());
        assertEquals(FlusherState.Phase.STOPPED, state.phase());
    }
}
