package ai.factory.routing.fallback;

import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.pool.Endpoint;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reply of the target that answered, with the endpoint slot it holds until its body ends,
 * and the failed attempts before it (for {@code x-gateway-fallbacks} and accounting).
 */
public final class RoutedReply {

    private final BackendReply reply;
    private final Target target;
    private final Endpoint endpoint;
    private final List<BackendFailure> failedAttempts;
    private final Duration remaining;
    private final AtomicBoolean released = new AtomicBoolean();
    /** Told how long a completed stream held its batch slot (first chunk to last), or null. */
    private volatile LongConsumer slotMillis;

    /** @param remaining what is left of the pool's whole-call time limit, or null for none */
    RoutedReply(BackendReply reply, Target target, Endpoint endpoint, List<BackendFailure> failedAttempts,
            Duration remaining) {
        this.reply = reply;
        this.target = target;
        this.endpoint = endpoint;
        this.failedAttempts = List.copyOf(failedAttempts);
        this.remaining = remaining;
    }

    RoutedReply(BackendReply reply, Target target, Endpoint endpoint, List<BackendFailure> failedAttempts) {
        this(reply, target, endpoint, failedAttempts, null);
    }

    /**
     * The body; the endpoint slot is released when it completes, fails or is cancelled, and
     * before the end reaches the subscriber (doFinally would run after it: a caller reacting to
     * the end, e.g. by sending its next request, would still find this call in flight). Past the
     * whole-call time limit the body is cut (which closes the backend connection) and ends with
     * a TIMEOUT failure: the client has had bytes already, so an error is all that is left.
     */
    public Flux<ByteBuffer> body() {
        Flux<ByteBuffer> body = reply.body();
        LongConsumer slotTime = slotMillis;
        if (slotTime != null) {
            AtomicLong first = new AtomicLong();
            body = body.doOnNext(chunk -> first.compareAndSet(0, System.nanoTime())).doOnComplete(() -> {
                long from = first.get();
                if (from != 0) {
                    slotTime.accept(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from));
                }
            });
        }
        if (remaining != null) {
            AtomicBoolean expired = new AtomicBoolean();
            Mono<Long> deadline = Mono.delay(remaining.isNegative() ? Duration.ZERO : remaining)
                    .doOnNext(tick -> expired.set(true));
            body = body.takeUntilOther(deadline).concatWith(Mono.defer(() -> expired.get()
                    ? Mono.error(new BackendFailure(BackendFailure.Kind.TIMEOUT, endpoint.toString(),
                            "the call took longer than its time limit"))
                    : Mono.empty()));
        }
        return body.doOnTerminate(this::release).doOnCancel(this::release).doFinally(signal -> release());
    }

    /** For a stream: reports its slot time to SLO admission's wait predictor when it completes. */
    void observeSlotTime(LongConsumer slotMillis) {
        this.slotMillis = slotMillis;
    }

    /** Frees the endpoint slot; safe to call more than once (only the first call counts). */
    public void release() {
        if (released.compareAndSet(false, true)) {
            endpoint.release();
        }
    }

    public int status() {
        return reply.status();
    }

    public String header(String name) {
        return reply.header(name);
    }

    public Target target() {
        return target;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public List<BackendFailure> failedAttempts() {
        return failedAttempts;
    }
}
