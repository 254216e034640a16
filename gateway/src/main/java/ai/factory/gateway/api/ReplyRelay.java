package ai.factory.gateway.api;

import ai.factory.gateway.config.GatewayConfig;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import ai.factory.routing.backend.SseFramer;
import ai.factory.routing.fallback.RoutedReply;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Relays a backend's answer to the client. A stream goes out event by event as the backend
 * produces it (never collected); a non-streamed answer is read whole, within a size bound,
 * because the gateway needs its {@code usage} and it is small.
 */
@Singleton
public class ReplyRelay {

    /** One SSE event is one token's chunk; a megabyte means the backend is broken. */
    private static final int MAX_EVENT_BYTES = 1024 * 1024;
    private static final String DONE = "[DONE]";

    private final GatewayConfig config;

    public ReplyRelay(GatewayConfig config) {
        this.config = config;
    }

    public CompletableFuture<MutableHttpResponse<?>> relay(ParsedRequest request, RoutedReply routed) {
        String contentType = routed.header("content-type");
        boolean eventStream = contentType != null && contentType.startsWith(MediaType.TEXT_EVENT_STREAM);
        if (request.stream() && eventStream && routed.status() == 200) {
            return CompletableFuture.completedFuture(decorate(stream(routed), routed)
                    .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                    .header("cache-control", "no-cache"));
        }
        return collect(routed).thenApply(bytes -> decorate(HttpResponse.<byte[]>status(HttpStatus.valueOf(routed.status()))
                .body(bytes), routed)
                .contentType(contentType != null ? contentType : MediaType.APPLICATION_JSON));
    }

    private static <T> MutableHttpResponse<T> decorate(MutableHttpResponse<T> response, RoutedReply routed) {
        return response
                .header("x-gateway-served-by", "pool=" + routed.target().pool().name() + "; endpoint="
                        + routed.endpoint().baseUrl() + "; model=" + routed.target().servedModel())
                .header("x-gateway-fallbacks", Integer.toString(routed.failedAttempts().size()));
    }

    private static MutableHttpResponse<Flux<byte[]>> stream(RoutedReply routed) {
        SseFramer framer = new SseFramer(MAX_EVENT_BYTES);
        AtomicBoolean done = new AtomicBoolean();
        Flux<byte[]> events = routed.body()
                .concatMapIterable(framer::feed)
                .doOnNext(event -> {
                    if (DONE.equals(SseFramer.data(event))) {
                        done.set(true);
                    }
                })
                .concatWith(Mono.fromSupplier(() -> done.get() ? null : truncated("the backend ended the stream early")))
                .onErrorResume(error -> Mono.just(truncated("the backend stream failed: " + describe(error))));
        return HttpResponse.ok(events);
    }

    /**
     * A cut stream must not look like a finished one: the client gets an error event (OpenAI SDKs
     * raise on it) instead of a silently shortened answer.
     */
    private static byte[] truncated(String why) {
        GatewayError error = new GatewayError(502, "server_error", "backend_stream_truncated", null, why, null);
        byte[] body = ErrorResponses.body(error);
        return ("data: " + new String(body, StandardCharsets.UTF_8) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    private CompletableFuture<byte[]> collect(RoutedReply routed) {
        int limit = config.getMaxResponseBytes();
        return routed.body()
                .reduce(new ByteArrayOutputStream(), (out, buffer) -> append(out, buffer, limit))
                .map(ByteArrayOutputStream::toByteArray)
                .onErrorMap(error -> error instanceof GatewayError ? error : new GatewayError(502, "server_error",
                        "backend_error", null, routed.endpoint() + ": the backend's answer broke off: " + describe(error), null))
                .toFuture();
    }

    private static ByteArrayOutputStream append(ByteArrayOutputStream out, ByteBuffer buffer, int limit) {
        if (out.size() + buffer.remaining() > limit) {
            throw new GatewayError(502, "server_error", "backend_response_too_large", null,
                    "the backend's answer is larger than " + limit + " bytes", null);
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.writeBytes(bytes);
        return out;
    }
}
