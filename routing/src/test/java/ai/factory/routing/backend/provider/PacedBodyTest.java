package ai.factory.routing.backend.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** The bounded bridge between a push-only provider callback and a reader that sets the pace. */
class PacedBodyTest {

    private static ByteBuffer chunk(int i) {
        return ByteBuffer.wrap(new byte[] {(byte) i});
    }

    @Test
    void chunks_arrive_in_order_and_the_end_after_them() {
        PacedBody body = new PacedBody(8, Duration.ofSeconds(5));
        CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 100; i++) {
                body.put(chunk(i));
            }
            body.complete();
        });
        List<Integer> got = body.flux().map(b -> (int) b.get(0)).collectList().block(Duration.ofSeconds(10));
        assertEquals(IntStream.range(0, 100).boxed().toList(), got);
    }

    @Test
    void a_cancel_frees_a_producer_waiting_for_room() throws Exception {
        PacedBody body = new PacedBody(8, Duration.ofMinutes(5));
        Disposable reader = body.flux().subscribe(b -> { }, e -> { }, () -> { }, s -> { }); // reads nothing
        CompletableFuture<Boolean> producer = CompletableFuture.supplyAsync(() -> {
            for (int i = 0; i < 100; i++) {
                if (!body.put(chunk(i))) {
                    return false;
                }
            }
            return true;
        });
        reader.dispose();
        assertFalse(producer.get(10, TimeUnit.SECONDS), "the producer is told to stop");
        assertTrue(body.cancelled());
    }

    @Test
    void a_reader_that_takes_nothing_for_the_stall_limit_ends_the_stream_with_an_error() throws Exception {
        PacedBody body = new PacedBody(8, Duration.ofMillis(300));
        CompletableFuture<Boolean> producer = CompletableFuture.supplyAsync(() -> {
            for (int i = 0; i < 9; i++) {
                if (!body.put(chunk(i))) {
                    return false;
                }
            }
            return true;
        });
        assertFalse(producer.get(10, TimeUnit.SECONDS), "the ninth chunk found no room and no reader");
        RuntimeException error = assertThrows(RuntimeException.class,
                () -> body.flux().collectList().block(Duration.ofSeconds(10)));
        assertInstanceOf(IllegalStateException.class, error);
        assertTrue(error.getMessage().contains("took nothing"), error.getMessage());
    }
}
