package ai.factory.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private final Deadlines deadlines = new Deadlines(Duration.ofMillis(5));

    private static Throwable failure(CompletableFuture<?> call) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void a_call_that_never_answers_fails_with_a_timeout_once_its_deadline_passed() {
        CompletableFuture<String> hung = new CompletableFuture<>();
        long start = System.nanoTime();

        assertInstanceOf(TimeoutException.class, failure(deadlines.within(hung, 50)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "not before its deadline");
    }

    @Test
    void a_call_answered_in_time_keeps_its_answer_and_is_dropped_from_the_list() throws Exception {
        CompletableFuture<String> call = new CompletableFuture<>();
        deadlines.within(call, 50);
        call.complete("ok");

        Await.until(Duration.ofSeconds(5), () -> deadlines.listed() == 0, "the next sweep to drop the answered call");
        assertEquals("ok", call.get());
    }

    @Test
    void a_call_that_failed_by_itself_keeps_its_own_error() {
        CompletableFuture<String> call = new CompletableFuture<>();
        deadlines.within(call, 50);
        call.completeExceptionally(new IllegalStateException("connection lost"));

        assertInstanceOf(IllegalStateException.class, failure(call));
    }

    @Test
    void calls_listed_after_the_sweeps_went_idle_still_time_out() {
        CompletableFuture<String> first = new CompletableFuture<>();
        deadlines.within(first, 1).complete("ok");
        Await.until(Duration.ofSeconds(5), () -> deadlines.listed() == 0, "the sweeps to find nothing left and stop");

        CompletableFuture<String> later = new CompletableFuture<>();
        assertInstanceOf(TimeoutException.class, failure(deadlines.within(later, 20)));
    }

    @Test
    void each_call_fails_at_its_own_deadline_not_at_the_earliest() throws Exception {
        CompletableFuture<String> soon = new CompletableFuture<>();
        CompletableFuture<String> late = new CompletableFuture<>();
        deadlines.within(late, 60_000);
        deadlines.within(soon, 20);

        assertInstanceOf(TimeoutException.class, failure(soon));
        assertTrue(!late.isDone(), "a call with a minute left is still waiting");
        late.complete("ok");
        assertEquals("ok", late.get());
    }
}
