package ai.factory.routing.backend;

import ai.factory.routing.pool.Endpoint;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

/**
 * The OpenAI-compatible transport on the JDK's non-blocking HTTP client: keep-alive connection
 * pooling per endpoint, the body streamed with back-pressure (never collected here), and a
 * client span per call whose {@code traceparent} reaches the model server.
 */
public final class JdkHttpTransport implements BackendTransport {

    private static final TextMapSetter<HttpRequest.Builder> HEADER_SETTER = (builder, key, value) -> {
        if (builder != null) {
            builder.setHeader(key, value);
        }
    };

    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
                Thread thread = new Thread(runnable, "backend-http");
                thread.setDaemon(true);
                return thread;
            });

    private final HttpClient client;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public JdkHttpTransport(Duration connectTimeout, OpenTelemetry openTelemetry) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                // A small fixed pool instead of the default unbounded one: response delivery is
                // short, non-blocking work, and a thread per burst only adds hops and memory.
                .executor(EXECUTOR)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.tracer = openTelemetry.getTracer("ai.factory.routing");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    @Override
    public CompletableFuture<BackendReply> send(Endpoint endpoint, BackendRequest request) {
        URI uri = endpoint.resolve(request.path());
        Span span = tracer.spanBuilder("POST " + request.path())
                .setSpanKind(SpanKind.CLIENT)
                .setParent(request.traceContext())
                .setAttribute("http.request.method", "POST")
                .setAttribute("url.full", uri.toString())
                .setAttribute("server.address", uri.getHost())
                .setAttribute("server.port", (long) uri.getPort())
                .setAttribute("gateway.pool", endpoint.pool())
                .startSpan();

        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(request.firstByteTimeout())
                .header("content-type", "application/json")
                .header("accept", request.stream() ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::setHeader);
        propagator.inject(request.traceContext().with(span), builder, HEADER_SETTER);

        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofPublisher())
                .handle((response, error) -> {
                    if (error != null) {
                        BackendFailure failure = classify(endpoint, unwrap(error));
                        span.recordException(failure);
                        span.setStatus(StatusCode.ERROR, failure.kind().name());
                        span.end();
                        throw new CompletionException(failure);
                    }
                    span.setAttribute("http.response.status_code", (long) response.statusCode());
                    if (response.statusCode() >= 500) {
                        span.setStatus(StatusCode.ERROR);
                    }
                    Flux<ByteBuffer> body = JdkFlowAdapter.flowPublisherToFlux(response.body())
                            .concatMapIterable(buffers -> buffers)
                            .doFinally(signal -> span.end());
                    return new BackendReply(response.statusCode(), response.headers().map(), body);
                });
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static BackendFailure classify(Endpoint endpoint, Throwable error) {
        String where = endpoint.toString();
        if (error instanceof HttpConnectTimeoutException) {
            return new BackendFailure(BackendFailure.Kind.CONNECT, where, 0, "connect timed out", null, error);
        }
        if (error instanceof HttpTimeoutException) {
            return new BackendFailure(BackendFailure.Kind.TIMEOUT, where, 0,
                    "no response within the first-byte timeout", null, error);
        }
        if (error instanceof ConnectException) {
            return new BackendFailure(BackendFailure.Kind.CONNECT, where, 0, "connection refused", null, error);
        }
        if (error instanceof IOException) {
            String detail = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
            return new BackendFailure(BackendFailure.Kind.CONNECT, where, 0,
                    "connection failed before a response (" + detail + ")", null, error);
        }
        return new BackendFailure(BackendFailure.Kind.CONNECT, where, 0, String.valueOf(error), null, error);
    }
}
