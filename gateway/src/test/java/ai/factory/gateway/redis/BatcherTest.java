package ai.factory.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BatcherTest {

    /** A sender whose calls stay out until the test answers them. */
    private static final class Calls implements Batcher.Sender<String, String> {
        final List<List<String>> sent = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<List<String>>> replies = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<List<String>> send(int lane, List<String> batch) {
            sent.add(batch);
            CompletableFuture<List<String>> reply = new CompletableFuture<>();
            replies.add(reply);
            return reply;
        }

        void answer(int call, Function<String, String> each) {
            replies.get(call).complete(sent.get(call).stream().map(each).toList());
        }
    }

    @Test
    void an_item_on_an_idle_lane_is_sent_at_once_and_alone() {
        Calls calls = new Calls();
        Batcher<String, String> batcher = new Batcher<>(4, 64, Duration.ofSeconds(5), calls);
        CompletableFuture<String> a = batcher.submit(1, "a");
        assertEquals(List.of(List.of("a")), calls.sent, "sent before any other item arrived");
        calls.answer(0, s -> s + "!");
        assertEquals("a!", a.join());
    }

    @Test
    void items_arriving_while_a_call_is_out_leave_together_when_it_returns_each_with_its_own_result() {
        Calls calls = new Calls();
        Batcher<String, String> batcher = new Batcher<>(4, 64, Duration.ofSeconds(5), calls);
        CompletableFuture<String> a = batcher.submit(2, "a");
        CompletableFuture<String> b = batcher.submit(2, "b");
        CompletableFuture<String> c = batcher.submit(2, "c");
        CompletableFuture<String> other = batcher.submit(3, "z");
        assertEquals(List.of(List.of("a"), List.of("z")), calls.sent, "b and c wait; lane 3 does not wait for lane 2");
        calls.answer(0, s -> s + "1");
        assertEquals(List.of("b", "c"), calls.sent.get(2), "one call for both");
        calls.answer(2, s -> s + "2");
        assertEquals(List.of("a1", "b2", "c2"), List.of(a.join(), b.join(), c.join()));
        assertTrue(!other.isDone(), "lane 3's call is still out");
    }

    @Test
    void a_batch_never_exceeds_its_maximum() {
        Calls calls = new Calls();
        Batcher<String, String> batcher = new Batcher<>(1, 2, Duration.ofSeconds(5), calls);
        for (String s : List.of("a", "b", "c", "d", "e")) {
            batcher.submit(0, s);
        }
        calls.answer(0, s -> s);
        calls.answer(1, s -> s);
        calls.answer(2, s -> s);
        assertEquals(List.of(List.of("a"), List.of("b", "c"), List.of("d", "e")), calls.sent);
    }

    @Test
    void a_failed_call_fails_every_item_of_it_and_the_lane_keeps_going() throws Exception {
        Calls calls = new Calls();
        Batcher<String, String> batcher = new Batcher<>(1, 64, Duration.ofSeconds(5), calls);
        CompletableFuture<String> a = batcher.submit(0, "a");
        CompletableFuture<String> b = batcher.submit(0, "b");
        CompletableFuture<String> c = batcher.submit(0, "c");
        calls.answer(0, s -> s);
        calls.replies.get(1).completeExceptionally(new IllegalStateException("connection reset"));
        assertEquals("a", a.join());
        assertEquals("connection reset", cause(b).getMessage());
        assertEquals("connection reset", cause(c).getMessage());
        CompletableFuture<String> d = batcher.submit(0, "d");
        calls.answer(2, s -> s + "?");
        assertEquals("d?", d.get());
    }

    @Test
    void a_sender_that_fails_at_once_fails_its_items_without_stalling_the_lane() {
        Batcher<String, String> batcher = new Batcher<>(1, 64, Duration.ofSeconds(5), (lane, batch) -> {
            if (batch.contains("bad")) {
                throw new IllegalStateException("not connected");
            }
            return CompletableFuture.completedFuture(batch);
        });
        assertEquals("not connected", cause(batcher.submit(0, "bad")).getMessage());
        assertEquals("good", batcher.submit(0, "good").join());
    }

    @Test
    void a_reply_of_the_wrong_length_fails_the_items_rather_than_mixing_up_their_results() {
        Batcher<String, String> batcher = new Batcher<>(1, 64, Duration.ofSeconds(5),
                (lane, batch) -> CompletableFuture.completedFuture(List.of()));
        assertInstanceOf(IllegalStateException.class, cause(batcher.submit(0, "a")));
    }

    @Test
    void a_call_that_never_returns_times_out_and_frees_the_lane() throws Exception {
        Calls calls = new Calls();
        Batcher<String, String> batcher = new Batcher<>(1, 64, Duration.ofMillis(50), calls);
        CompletableFuture<String> hung = batcher.submit(0, "a");
        assertInstanceOf(TimeoutException.class, cause(hung));
        CompletableFuture<String> next = batcher.submit(0, "b");
        assertEquals(2, calls.sent.size(), "sent after the timeout");
        calls.answer(1, s -> s);
        assertEquals("b", next.get());
    }

    private static Throwable cause(CompletableFuture<?> f) {
        try {
            f.get();
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
