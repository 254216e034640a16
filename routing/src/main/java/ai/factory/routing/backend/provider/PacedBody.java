package ai.factory.routing.backend.provider;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * A stream body fed by a push-only producer (LangChain4j's streaming callback) and read at the
 * client's pace: at most {@code capacity} chunks wait between them. When the buffer is full,
 * {@link #put} blocks the producer's thread, which is LangChain4j's own HTTP reader (never a
 * Netty event loop): it stops reading the provider's socket and TCP holds the provider back.
 *
 * <p>One subscriber; chunks are handed on only as it requests them (the usual queue-drain loop).
 */
final class PacedBody implements Publisher<ByteBuffer>, Subscription, Scannable {

    private static final long RECHECK_MILLIS = 50;

    private final ArrayBlockingQueue<ByteBuffer> queue;
    private final Duration maxStall;
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private volatile Subscriber<? super ByteBuffer> subscriber;
    private volatile boolean done;
    private volatile Throwable error;
    private volatile boolean cancelled;

    /** @param maxStall how long a reader may take nothing before the stream counts as abandoned */
    PacedBody(int capacity, Duration maxStall) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxStall = maxStall;
    }

    Flux<ByteBuffer> flux() {
        return Flux.from(this);
    }

    /**
     * Hands a chunk on, waiting while the buffer is full. False when the reader cancelled or
     * took nothing for {@code maxStall}: the producer should stop (and the provider call with it).
     */
    boolean put(ByteBuffer chunk) {
        if (cancelled || done) {
            return false;
        }
        long deadline = System.nanoTime() + maxStall.toNanos();
        try {
            while (!queue.offer(chunk, RECHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    return false;
                }
                if (System.nanoTime() > deadline) {
                    // The buffered chunks, then this error, for a reader that shows up after all.
                    fail(new IllegalStateException("the reader took nothing for " + maxStall));
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        drain();
        return !cancelled;
    }

    void complete() {
        if (done) {
            return;
        }
        done = true;
        drain();
    }

    void fail(Throwable failure) {
        if (done) {
            return;
        }
        error = failure;
        done = true;
        drain();
    }

    boolean cancelled() {
        return cancelled;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> s) {
        if (!subscribed.compareAndSet(false, true)) {
            Operators.error(s, new IllegalStateException("a backend body can be read once"));
            return;
        }
        subscriber = s;
        s.onSubscribe(this);
        drain();
    }

    @Override
    public void request(long n) {
        if (Operators.validate(n)) {
            requested.getAndUpdate(r -> Operators.addCap(r, n));
            drain();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        queue.clear(); // frees a producer waiting for room, which then sees the cancel
    }

    @Override
    public Object scanUnsafe(Attr key) {
        if (key == Attr.BUFFERED) {
            return queue.size();
        }
        if (key == Attr.CAPACITY) {
            return queue.size() + queue.remainingCapacity();
        }
        if (key == Attr.CANCELLED) {
            return cancelled;
        }
        if (key == Attr.TERMINATED) {
            return done && queue.isEmpty();
        }
        return null;
    }

    /** Delivers what is both buffered and requested; one thread at a time, the others leave work for it. */
    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        while (true) {
            Subscriber<? super ByteBuffer> s = subscriber;
            if (s != null) {
                long wanted = requested.get();
                long sent = 0;
                while (sent != wanted) {
                    if (cancelled) {
                        queue.clear();
                        return;
                    }
                    boolean finished = done;
                    ByteBuffer next = queue.poll();
                    if (finished && next == null) {
                        terminate(s);
                        return;
                    }
                    if (next == null) {
                        break;
                    }
                    s.onNext(next);
                    sent++;
                }
                if (cancelled) {
                    queue.clear();
                    return;
                }
                if (done && queue.isEmpty()) {
                    terminate(s);
                    return;
                }
                if (sent != 0 && wanted != Long.MAX_VALUE) {
                    requested.addAndGet(-sent);
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void terminate(Subscriber<? super ByteBuffer> s) {
        Throwable failure = error;
        if (failure != null) {
            s.onError(failure);
        } else {
            s.onComplete();
        }
    }
}
