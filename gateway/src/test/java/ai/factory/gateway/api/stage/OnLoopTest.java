package ai.factory.gateway.api.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OnLoopTest {

    @Test
    void an_answer_completed_on_another_thread_continues_on_the_loop_the_request_arrived_on() throws Exception {
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(2);
        try {
            EventExecutor arrivedOn = group.next();
            CompletableFuture<String> redis = new CompletableFuture<>();
            CompletableFuture<Thread> continuedOn = arrivedOn.submit(OnLoop::current).get(5, TimeUnit.SECONDS) == arrivedOn
                    ? OnLoop.resume(arrivedOn, redis).thenApply(v -> Thread.currentThread())
                    : CompletableFuture.failedFuture(new AssertionError("current() did not name the loop"));
            new Thread(() -> redis.complete("ticket"), "lettuce-like").start();
            Thread thread = continuedOn.get(5, TimeUnit.SECONDS);
            assertTrue(arrivedOn.submit(() -> Thread.currentThread() == thread).get(5, TimeUnit.SECONDS));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void a_failure_travels_too_and_off_a_loop_nothing_moves() throws Exception {
        assertNull(OnLoop.current());
        CompletableFuture<String> plain = new CompletableFuture<>();
        assertSame(plain, OnLoop.resume(null, plain));
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        try {
            CompletableFuture<String> redis = new CompletableFuture<>();
            CompletableFuture<String> resumed = OnLoop.resume(group.next(), redis);
            redis.completeExceptionally(new IllegalStateException("NOSCRIPT"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> resumed.get(5, TimeUnit.SECONDS));
            assertEquals("NOSCRIPT", e.getCause().getMessage());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void a_loop_that_has_shut_down_completes_inline_instead_of_losing_the_answer() throws Exception {
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        EventExecutor loop = group.next();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        CompletableFuture<String> redis = new CompletableFuture<>();
        CompletableFuture<String> resumed = OnLoop.resume(loop, redis);
        redis.complete("ticket");
        assertEquals("ticket", resumed.get(5, TimeUnit.SECONDS));
    }
}
