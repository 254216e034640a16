package ai.factory.gateway.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit without a timer: per lane (a shard's hash tag, so that one call's keys share a
 * slot), at most one call is out at a time. An item that finds its lane idle is sent at once, alone:
 * an idle gateway waits for nothing. Items that arrive while a call is out queue up and leave
 * together, as one call, the moment it returns. Under load the batch grows with the round trip;
 * no item waits longer than one call ahead of its own.
 *
 * <p>Each item completes with its own slot of the reply, or with the whole call's error (then the
 * caller falls back, item by item). A call that does not return within {@code timeout} fails its
 * items and frees the lane, so a hung connection never holds the queue behind it (see
 * {@link Deadlines}: no timer per call).
 *
 * @param <T> what is sent
 * @param <R> one item's result
 */
public final class Batcher<T, R> {

    /** Sends one batch, all of one lane; the reply has one result per item, in order. */
    @FunctionalInterface
    public interface Sender<T, R> {
        CompletableFuture<List<R>> send(int lane, List<T> batch);
    }

    private record Pending<T, R>(T item, CompletableFuture<R> result) {
    }

    private final Sender<T, R> sender;
    private final int maxBatch;
    private final long timeoutMillis;
    private final List<Queue<Pending<T, R>>> queues;
    private final AtomicBoolean[] busy;

    public Batcher(int lanes, int maxBatch, Duration timeout, Sender<T, R> sender) {
        if (lanes < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("lanes and maxBatch must be at least 1");
        }
        this.sender = sender;
        this.maxBatch = maxBatch;
        this.timeoutMillis = timeout.toMillis();
        this.queues = new ArrayList<>(lanes);
        this.busy = new AtomicBoolean[lanes];
        for (int i = 0; i < lanes; i++) {
            queues.add(new ConcurrentLinkedQueue<>());
            busy[i] = new AtomicBoolean();
        }
    }

    public CompletableFuture<R> submit(int lane, T item) {
        CompletableFuture<R> result = new CompletableFuture<>();
        queues.get(lane).add(new Pending<>(item, result));
        drain(lane);
        return result;
    }

    private void drain(int lane) {
        Queue<Pending<T, R>> queue = queues.get(lane);
        // Whoever turns the lane busy sends; the one that turns it idle looks once more, so an item
        // queued in between is never stranded.
        while (!queue.isEmpty() && busy[lane].compareAndSet(false, true)) {
            List<Pending<T, R>> batch = new ArrayList<>(Math.min(maxBatch, 16));
            Pending<T, R> next;
            while (batch.size() < maxBatch && (next = queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                busy[lane].set(false);
                continue;
            }
            CompletableFuture<List<R>> call;
            try {
                call = sender.send(lane, batch.stream().map(Pending::item).toList());
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            if (!call.isDone()) {
                Deadlines.SHARED.within(call, timeoutMillis).whenComplete((reply, error) -> {
                    // The lane is free before the items complete: what their callbacks submit goes at once.
                    busy[lane].set(false);
                    complete(batch, reply, error);
                    drain(lane);
                });
                return;
            }
            // Answered at once (a rejected command while disconnected): loop instead of recursing.
            Throwable error = failure(call);
            busy[lane].set(false);
            complete(batch, error == null ? call.getNow(null) : null, error);
        }
    }

    private static <T, R> void complete(List<Pending<T, R>> batch, List<R> reply, Throwable error) {
        if (error == null && (reply == null || reply.size() != batch.size())) {
            error = new IllegalStateException("a batch of " + batch.size() + " got "
                    + (reply == null ? "no reply" : reply.size() + " results"));
        }
        for (int i = 0; i < batch.size(); i++) {
            if (error != null) {
                batch.get(i).result().completeExceptionally(error);
            } else {
                batch.get(i).result().complete(reply.get(i));
            }
        }
    }

    private static Throwable failure(CompletableFuture<?> done) {
        try {
            done.join();
            return null;
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }
}
