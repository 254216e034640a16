package ai.factory.gateway.redis;

import java.time.Duration;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Time limits on Redis calls without a timer per call. {@code CompletableFuture.orTimeout} puts a
 * task into the JDK's one delay thread for every call and cancels it when the answer comes: a lock,
 * and often a wake of that thread, twice per call (15-45 µs per request measured). Here a call is
 * only listed (one lock-free append); one sweep every {@code tick} fails the calls past their
 * deadline with a {@link TimeoutException}, as orTimeout would, and drops the answered ones. The
 * sweep runs only while calls are listed, and reschedules itself from its own thread, so a busy
 * gateway wakes it once per tick, not once per call. A deadline is kept to within one tick.
 */
public final class Deadlines {

    /** Redis timeouts are seconds by default, a few hundred ms in tests: 10 ms is fine-grained enough. */
    public static final Deadlines SHARED = new Deadlines(Duration.ofMillis(10));

    private record Watched(CompletableFuture<?> call, long deadlineNanos) {
    }

    private final long tickNanos;
    private final Queue<Watched> watched = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final ScheduledExecutorService timer;

    public Deadlines(Duration tick) {
        this.tickNanos = Math.max(1, tick.toNanos());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "redis-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    /**
     * Fails {@code call} with a {@link TimeoutException} if it has not completed {@code timeoutMillis}
     * from now (give or take one tick); returns it, as {@code orTimeout} does.
     */
    public <T> CompletableFuture<T> within(CompletableFuture<T> call, long timeoutMillis) {
        if (call.isDone()) {
            return call;
        }
        watched.add(new Watched(call, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis)));
        if (!armed.get() && armed.compareAndSet(false, true)) {
            timer.schedule(this::sweep, tickNanos, TimeUnit.NANOSECONDS);
        }
        return call;
    }

    /** How many calls are listed (answered ones until the next sweep drops them): for tests. */
    int listed() {
        return watched.size();
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            for (Iterator<Watched> it = watched.iterator(); it.hasNext(); ) {
                Watched w = it.next();
                if (w.call().isDone()) {
                    it.remove();
                } else if (now - w.deadlineNanos() >= 0) {
                    it.remove();
                    // Its callbacks run here, as orTimeout's ran on the JDK's delay thread.
                    w.call().completeExceptionally(new TimeoutException("no answer from Redis in time"));
                }
            }
        } finally {
            rearm();
        }
    }

    private void rearm() {
        if (!watched.isEmpty()) {
            timer.schedule(this::sweep, tickNanos, TimeUnit.NANOSECONDS);
            return;
        }
        armed.set(false);
        // A call listed between the check and the disarm must not wait unswept.
        if (!watched.isEmpty() && armed.compareAndSet(false, true)) {
            timer.schedule(this::sweep, tickNanos, TimeUnit.NANOSECONDS);
        }
    }
}
