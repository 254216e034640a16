package ai.factory.routing.fallback;

import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.pool.Endpoint;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;

/**
 * The reply of the target that answered, with the endpoint slot it holds until its body ends,
 * and the failed attempts before it (for {@code x-gateway-fallbacks} and accounting).
 */
public final class RoutedReply {

    private final BackendReply reply;
    private final Target target;
    private final Endpoint endpoint;
    private final List<BackendFailure> failedAttempts;
    private final AtomicBoolean released = new AtomicBoolean();

    RoutedReply(BackendReply reply, Target target, Endpoint endpoint, List<BackendFailure> failedAttempts) {
        this.reply = reply;
        this.target = target;
        this.endpoint = endpoint;
        this.failedAttempts = List.copyOf(failedAttempts);
    }

    /** The body; the endpoint slot is released when it completes, fails or is cancelled. */
    public Flux<ByteBuffer> body() {
        return reply.body().doFinally(signal -> release());
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
