package ai.factory.gateway.api.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
    void work_deferred_on_a_loop_runs_there_after_the_rest_of_the_current_task() throws Exception {
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        try {
            EventExecutor loop = group.next();
            List<String> order = new CopyOnWriteArrayList<>();
            CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
            loop.execute(() -> {
                OnLoop.afterThisTask(OnLoop.current(), () -> {
                    order.add("settle");
                    onLoop.complete(loop.inEventLoop());
                });
                order.add("write");
            });
            assertTrue(onLoop.get(5, TimeUnit.SECONDS));
            assertEquals(List.of("write", "settle"), order);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void work_deferred_off_a_loop_or_on_a_shut_loop_runs_at_once() throws Exception {
        List<String> order = new ArrayList<>();
        OnLoop.afterThisTask(null, () -> order.add("off a loop"));
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        EventExecutor loop = group.next();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        OnLoop.afterThisTask(loop, () -> order.add("shut loop"));
        order.add("after");
        assertEquals(List.of("off a loop", "shut loop", "after"), order);
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
