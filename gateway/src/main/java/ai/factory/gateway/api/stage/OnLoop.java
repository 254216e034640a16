package ai.factory.gateway.api.stage;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Brings a request back onto the event loop it arrived on. Redis answers on Lettuce's own
 * thread; continuing there would run routing, the backend call and the relay on that thread and
 * then hop again to write the response. Back on the request's loop, the backend transport uses
 * that loop's connection pool and the response is written without another hand-off.
 */
final class OnLoop {

    private OnLoop() {
    }

    /** The event loop running this thread, or null off a loop (a blocking-pool thread, a test). */
    static EventExecutor current() {
        EventExecutor executor = ThreadExecutorMap.currentExecutor();
        return executor != null && executor.inEventLoop() ? executor : null;
    }

    /** {@code future}'s outcome, delivered on {@code loop} (inline when already there or none). */
    static <T> CompletableFuture<T> resume(EventExecutor loop, CompletableFuture<T> future) {
        if (loop == null) {
            return future;
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        future.whenComplete((value, failure) -> {
            if (loop.inEventLoop()) {
                complete(out, value, failure);
                return;
            }
            try {
                loop.execute(() -> complete(out, value, failure));
            } catch (RejectedExecutionException shuttingDown) {
                complete(out, value, failure);
            }
        });
        return out;
    }

    /**
     * Runs {@code work} as {@code loop}'s next task, after the rest of the current one (which may be
     * writing a response); inline when there is no loop or it no longer takes tasks.
     */
    static void afterThisTask(EventExecutor loop, Runnable work) {
        if (loop != null) {
            try {
                loop.execute(work);
                return;
            } catch (RejectedExecutionException shuttingDown) {
                // run here instead
            }
        }
        work.run();
    }

    private static <T> void complete(CompletableFuture<T> out, T value, Throwable failure) {
        if (failure != null) {
            out.completeExceptionally(failure);
        } else {
            out.complete(value);
        }
    }
}
