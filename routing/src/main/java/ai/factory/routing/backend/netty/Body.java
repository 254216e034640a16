package ai.factory.routing.backend.netty;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A call's body as a Reactive Streams publisher with real back-pressure: the socket is read only
 * while the subscriber has demand and nothing is queued, so what waits here is one socket read at
 * most. Signals from the subscriber are moved onto the call's event loop; signals to it are sent
 * from the loop. One subscriber, as the body can be read once.
 */
final class Body implements Publisher<ByteBuffer>, Subscription {

    private static final Subscription NONE = new Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    private final Call call;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>(4);
    private Subscriber<? super ByteBuffer> subscriber;
    private long demand;
    private Throwable error;
    /** A terminal signal went out, or the subscriber cancelled. */
    private boolean done;
    private boolean draining;

    Body(Call call) {
        this.call = call;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> s) {
        Objects.requireNonNull(s, "subscriber");
        onLoop(() -> {
            if (subscriber != null) {
                s.onSubscribe(NONE);
                s.onError(new IllegalStateException("a backend body can be read only once"));
                return;
            }
            subscriber = s;
            s.onSubscribe(this);
            drain();
        });
    }

    @Override
    public void request(long n) {
        onLoop(() -> {
            if (done) {
                return;
            }
            if (n <= 0) {
                done = true;
                queue.clear();
                call.cancel();
                subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)"));
                return;
            }
            if (demand == 0) {
                call.demandResumed();
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            drain();
        });
    }

    @Override
    public void cancel() {
        onLoop(() -> {
            if (!done) {
                done = true;
                queue.clear();
                call.cancel();
            }
        });
    }

    void offer(ByteBuffer bytes) {
        if (!done) {
            queue.add(bytes);
        }
    }

    /** The answer broke off; queued bytes still go out first. */
    void fail(Throwable cause) {
        error = cause;
        drain();
    }

    /** True when a quiet backend is what holds the answer up (not a client that stopped reading). */
    boolean waitingForData() {
        return subscriber == null || (demand > 0 && queue.isEmpty());
    }

    void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (subscriber != null && !done) {
                if (!queue.isEmpty()) {
                    if (demand == 0) {
                        return;
                    }
                    demand--;
                    subscriber.onNext(queue.poll());
                } else if (call.ended()) {
                    done = true;
                    subscriber.onComplete();
                } else if (error != null) {
                    done = true;
                    subscriber.onError(error);
                } else {
                    if (demand > 0) {
                        call.readMore();
                    }
                    if (queue.isEmpty()) {
                        return;
                    }
                }
            }
        } finally {
            draining = false;
        }
    }

    private void onLoop(Runnable action) {
        if (call.loop.inEventLoop()) {
            action.run();
        } else {
            call.loop.execute(action);
        }
    }
}
