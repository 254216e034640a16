package ai.factory.routing.backend.netty;

import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.backend.BackendTransport;
import ai.factory.routing.pool.Endpoint;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.EventExecutor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * The OpenAI-compatible transport on the gateway server's own Netty event loops. A call made on
 * loop L runs on L from start to end: its keep-alive connection belongs to L's pool, its timeouts
 * are L's scheduled tasks, its answer is handed on from L as it arrives. Called off the loops (a
 * callback of another library) it picks the next loop and stays there.
 */
public final class NettyTransport implements BackendTransport, AutoCloseable {

    private static final TextMapSetter<HttpHeaders> HEADER_SETTER = (headers, key, value) -> {
        if (headers != null) {
            headers.set(key, value);
        }
    };

    /** Framing and connection headers are the transport's own; a forwarded one would corrupt the exchange. */
    private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-connection");

    private final EventLoopGroup loops;
    private final LoopPools pools;
    private final NettySettings settings;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    /**
     * For production: the JDK's trust store, and host names checked against certificates. The
     * TLS context is built by the first https connection (reading the trust store took about
     * 40 ms of CPU, which the first request paid even with plain-http pools only).
     */
    public NettyTransport(EventLoopGroup loops, ChannelFactory<? extends Channel> channels, NettySettings settings,
            OpenTelemetry openTelemetry) {
        this(loops, channels, settings, NettyTransport::defaultTls, true, openTelemetry);
    }

    /** With the given TLS context, e.g. one trusting a test server's self-signed certificate. */
    public NettyTransport(EventLoopGroup loops, ChannelFactory<? extends Channel> channels, NettySettings settings,
            SslContext tls, boolean verifyHostname, OpenTelemetry openTelemetry) {
        this(loops, channels, settings, () -> tls, verifyHostname, openTelemetry);
    }

    /** With the TLS context {@code tls} makes, asked once, off the event loops, by the first https connection. */
    NettyTransport(EventLoopGroup loops, ChannelFactory<? extends Channel> channels, NettySettings settings,
            Supplier<SslContext> tls, boolean verifyHostname, OpenTelemetry openTelemetry) {
        this.loops = loops;
        this.pools = new LoopPools(channels, settings, tls, verifyHostname);
        this.settings = settings;
        this.tracer = openTelemetry.getTracer("ai.factory.routing");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    @Override
    public CompletableFuture<BackendReply> send(Endpoint endpoint, BackendRequest request) {
        URI uri = endpoint.resolve(request.path());
        int port = LoopPools.port(uri);
        Span span = tracer.spanBuilder("POST " + request.path())
                .setSpanKind(SpanKind.CLIENT)
                .setParent(request.traceContext())
                .setAttribute("http.request.method", "POST")
                .setAttribute("url.full", uri.toString())
                .setAttribute("server.address", uri.getHost())
                .setAttribute("server.port", (long) port)
                .setAttribute("gateway.pool", endpoint.pool())
                .startSpan();

        HttpHeaders headers = new DefaultHttpHeaders();
        boolean defaultPort = uri.getPort() == -1;
        headers.set(HttpHeaderNames.HOST, defaultPort ? uri.getHost() : uri.getHost() + ":" + port);
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        headers.set(HttpHeaderNames.ACCEPT, request.stream() ? "text/event-stream" : "application/json");
        request.headers().forEach((name, value) -> {
            if (!OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.set(name, value);
            }
        });
        headers.set(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
        propagator.inject(request.traceContext().with(span), headers, HEADER_SETTER);
        String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        byte[] bodyBytes = request.body();

        EventLoop loop = currentOrNext();
        Call call = new Call(loop, endpoint.baseUrl(), endpoint.toString(), pools, () -> {
            // Wraps the caller's bytes: no copy on the way out.
            FullHttpRequest http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, target,
                    Unpooled.wrappedBuffer(bodyBytes));
            http.headers().set(headers);
            return http;
        }, request.firstByteTimeout(), settings.idleTimeout(), span);
        if (loop.inEventLoop()) {
            call.start();
        } else {
            loop.execute(call::start);
        }
        return call.head;
    }

    private EventLoop currentOrNext() {
        for (EventExecutor executor : loops) {
            if (executor.inEventLoop() && executor instanceof EventLoop loop) {
                return loop;
            }
        }
        return loops.next();
    }

    /** Idle connections in the pool of {@code loop} for the endpoint; call on {@code loop}. For tests. */
    int idleConnections(EventLoop loop, Endpoint endpoint) {
        return pools.idleCount(loop, endpoint.baseUrl());
    }

    /** Closes the pooled connections; the loops belong to the server and stay up. */
    @Override
    public void close() {
        pools.close();
    }

    public static SslContext defaultTls() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("could not build the default TLS client context", e);
        }
    }
}
