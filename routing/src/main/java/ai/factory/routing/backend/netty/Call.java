package ai.factory.routing.backend.netty;

import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/**
 * One request on one event loop, from picking a connection to the answer's last byte. Every
 * method runs on {@link #loop}; the body's subscriber may call in from any thread and is moved
 * onto the loop by {@link Body}. The head completes {@link #head}; the body is read only as fast
 * as its subscriber asks (one socket read at a time), so a slow client holds at most one read.
 */
final class Call {

    final EventLoop loop;
    private final URI base;
    private final String where;
    private final LoopPools pools;
    private final Supplier<FullHttpRequest> request;
    private final Duration firstByteTimeout;
    private final long idleNanos;
    private final Span span;
    final CompletableFuture<BackendReply> head = new CompletableFuture<>();
    final Body body = new Body(this);

    private Connection connection;
    private ScheduledFuture<?> firstByteTimer;
    private ScheduledFuture<?> idleTimer;
    private boolean headSeen;
    private boolean ended;
    /** The head failed (timeout, connect error) or the body was cancelled: nothing more to do. */
    private boolean finished;
    private boolean keepAlive;
    private boolean reading;
    private long lastData;
    private int status;

    Call(EventLoop loop, URI base, String where, LoopPools pools, Supplier<FullHttpRequest> request,
            Duration firstByteTimeout, Duration idleTimeout, Span span) {
        this.loop = loop;
        this.base = base;
        this.where = where;
        this.pools = pools;
        this.request = request;
        this.firstByteTimeout = firstByteTimeout;
        this.idleNanos = idleTimeout.toNanos();
        this.span = span;
    }

    void start() {
        firstByteTimer = loop.schedule(this::firstByteTimedOut, firstByteTimeout.toNanos(), TimeUnit.NANOSECONDS);
        ConnectionPool pool = pools.pool(loop, base);
        Connection pooled = pool.poll();
        if (pooled != null) {
            attach(pooled);
        } else {
            pools.connect(loop, base, pool, this::attach, error -> failHead(Failures.beforeHead(where, error)));
        }
    }

    private void attach(Connection c) {
        if (finished) {
            c.release(true); // timed out while connecting: nothing was sent on it
            return;
        }
        connection = c;
        c.call = this;
        c.channel.writeAndFlush(request.get()).addListener(f -> {
            if (!f.isSuccess() && c.call == this) {
                c.lost(f.cause());
                c.abort();
            }
        });
        reading = true;
        c.channel.read();
    }

    void onMessage(Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                onHead(response);
            }
            if (msg instanceof HttpContent content) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(HttpResponse response) {
        headSeen = true;
        firstByteTimer.cancel(false);
        status = response.status().code();
        keepAlive = HttpUtil.isKeepAlive(response);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().forEach(h -> headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>(1)).add(h.getValue()));
        span.setAttribute("http.response.status_code", (long) status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        lastData = System.nanoTime();
        idleTimer = loop.schedule(this::idleCheck, idleNanos, TimeUnit.NANOSECONDS);
        // Runs the router's next step here, on the loop: no hop between the head and the relay.
        head.complete(new BackendReply(status, headers, Flux.from(body)));
    }

    private void onContent(HttpContent content) {
        ByteBuf bytes = content.content();
        if (bytes.isReadable()) {
            // The one copy: out of the pooled (often direct) buffer, which goes back at once, into a
            // heap buffer the relay may keep as long as it likes.
            ByteBuffer copy = ByteBuffer.allocate(bytes.readableBytes());
            bytes.getBytes(bytes.readerIndex(), copy);
            body.offer(copy.flip());
            lastData = System.nanoTime();
        }
        if (content instanceof LastHttpContent) {
            ended = true;
            idleTimer.cancel(false);
            Connection c = connection;
            connection = null;
            c.release(keepAlive);
            span.end();
        }
        body.drain();
    }

    void onReadComplete() {
        reading = false;
        body.drain();
    }

    /** Asks the socket for one more read, when the subscriber wants data and none is queued. */
    void readMore() {
        if (!reading && connection != null && !ended) {
            reading = true;
            connection.channel.read();
        }
    }

    /** The subscriber asked again after a pause: the pause was the client's, not the backend's. */
    void demandResumed() {
        lastData = System.nanoTime();
    }

    /** The connection closed or failed under this call (it was already detached). */
    void onClosed(Throwable cause) {
        connection = null;
        if (finished || ended) {
            return;
        }
        if (!headSeen) {
            failHead(Failures.beforeHead(where, cause));
            return;
        }
        idleTimer.cancel(false);
        span.setStatus(StatusCode.ERROR, "cut");
        span.end();
        body.fail(Failures.midAnswer(where, status, cause));
    }

    /** The body's subscriber went away: close (never pool) the connection, so the server stops generating. */
    void cancel() {
        if (finished) {
            return;
        }
        finished = true;
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        if (connection != null) {
            connection.abort();
            connection = null;
            span.setAttribute("gateway.cancelled", true);
            span.end();
        }
    }

    private void firstByteTimedOut() {
        if (headSeen || finished) {
            return;
        }
        if (connection != null) {
            connection.abort();
            connection = null;
        }
        failHead(new BackendFailure(BackendFailure.Kind.TIMEOUT, where, 0,
                "no response within the first-byte timeout", null, null));
    }

    private void idleCheck() {
        if (ended || finished || connection == null) {
            return;
        }
        long silent = System.nanoTime() - lastData;
        if (body.waitingForData() && silent >= idleNanos) {
            Connection c = connection;
            connection = null;
            c.abort();
            span.setStatus(StatusCode.ERROR, "idle");
            span.end();
            body.fail(new BackendFailure(BackendFailure.Kind.TIMEOUT, where, status,
                    "no data from the backend for " + TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms mid-answer", null, null));
            return;
        }
        long next = body.waitingForData() ? idleNanos - silent : idleNanos;
        idleTimer = loop.schedule(this::idleCheck, Math.max(next, TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
    }

    private void failHead(BackendFailure failure) {
        if (finished) {
            return;
        }
        finished = true;
        if (firstByteTimer != null) {
            firstByteTimer.cancel(false);
        }
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, failure.kind().name());
        span.end();
        head.completeExceptionally(failure);
    }

    boolean ended() {
        return ended;
    }
}
