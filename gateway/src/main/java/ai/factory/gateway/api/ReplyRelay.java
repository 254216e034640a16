package ai.factory.gateway.api;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.api.stage.Admitted;
import ai.factory.gateway.api.stage.Reached;
import ai.factory.gateway.api.stage.Routed;
import ai.factory.gateway.api.stage.Settle;
import ai.factory.gateway.cache.CachedResponse;
import ai.factory.gateway.config.GatewayConfig;
import ai.factory.gateway.error.BackendErrors;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.FailureReport;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.observe.trace.ContentCapture;
import ai.factory.gateway.observe.trace.StreamedText;
import ai.factory.gateway.sse.EventFramer;
import ai.factory.routing.fallback.RoutedReply;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Relays a backend's answer to the client and settles the request when the answer ends. A
 * stream goes out event by event as the backend produces it (never collected); only when the
 * answer may be cached is a copy kept, bounded, to store once the stream completed. A
 * non-streamed answer is read whole, within a size bound: the gateway needs its {@code usage}.
 */
@Singleton
public class ReplyRelay {

    /** One SSE event is one token's chunk; a megabyte means the backend is broken. */
    private static final int MAX_EVENT_BYTES = 1024 * 1024;

    private final GatewayConfig config;
    private final Settle settlement;
    private final ContentCapture capture;

    public ReplyRelay(GatewayConfig config, Settle settlement, ContentCapture capture) {
        this.config = config;
        this.settlement = settlement;
        this.capture = capture;
    }

    /** Whether the answer's text goes on the span: its tenant opted in and the span is sampled. */
    private boolean capturing(Reached x) {
        return x.caller() != null && capture.enabled(x.caller().tenantId(), x.trace());
    }

    public CompletableFuture<Reply> relay(Routed x) {
        RoutedReply routed = x.reply();
        String contentType = routed.header("content-type");
        boolean eventStream = contentType != null && contentType.startsWith(MediaType.TEXT_EVENT_STREAM);
        if (x.request().stream() && eventStream && routed.status() == 200) {
            return CompletableFuture.completedFuture(Reply.of(decorate(x, stream(x, routed))
                    .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                    .header("cache-control", "no-cache")));
        }
        String type = contentType != null ? contentType : MediaType.APPLICATION_JSON;
        if (routed.status() == 401 || routed.status() == 403) {
            return collect(x, routed).thenApply(bytes -> Reply.of(credentialRefused(x, routed, bytes)));
        }
        return collect(x, routed).thenApply(bytes -> {
            x.meter().body(bytes);
            boolean ok = routed.status() >= 200 && routed.status() < 300;
            String store = ok && x.cache().store() && bytes.length <= config.cache().maxEntryBytes() && x.terms().storable().test(bytes)
                    ? new CachedResponse(type, new String(bytes, StandardCharsets.UTF_8), routed.target().servedModel()).encode()
                    : null;
            settlement.finishAfterWrite(x, ok ? UsageEvent.OK : UsageEvent.ERROR, routed.status(), store,
                    ok && capturing(x) ? capture.output(bytes) : null);
            return Reply.whole(decorate(x, HttpResponse.<byte[]>status(HttpStatus.valueOf(routed.status())).body(bytes))
                    .contentType(type), routed.status(), bytes);
        });
    }

    /**
     * The backend refused the pool's credential: the tenant's key is fine, so the tenant gets a
     * 502 with a code; the backend's answer (which may quote the credential) goes to the log.
     */
    private MutableHttpResponse<?> credentialRefused(Routed x, RoutedReply routed, byte[] bytes) {
        GatewayError error = BackendErrors.credentialRefused(routed.target().pool().name(), x.requestId());
        String detail = routed.endpoint() + ": HTTP " + routed.status() + " "
                + new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.UTF_8);
        FailureReport.record(x.requestId(), x.trace(), error.code(), detail);
        settlement.finish(x, UsageEvent.ERROR, error.status(), null);
        return decorate(x, ErrorResponses.of(error.withHeaders(
                Map.of(ErrorResponses.DETAIL_HEADER, FailureReport.headerValue(detail)))));
    }

    /** A cache hit: the stored answer, byte for byte, as JSON or as the same SSE stream. */
    public Reply replay(Admitted x) {
        CachedResponse cached = CachedResponse.decode(x.cachedAnswer());
        if (cached == null) {
            throw new GatewayError(500, "server_error", "cache_corrupt", null, "a cache entry could not be read", null);
        }
        byte[] bytes = cached.body().getBytes(StandardCharsets.UTF_8);
        String output = null;
        if (cached.contentType().startsWith(MediaType.TEXT_EVENT_STREAM)) {
            List<byte[]> events = new EventFramer(MAX_EVENT_BYTES).feed(bytes);
            events.forEach(x.meter()::event);
            if (capturing(x)) {
                StreamedText text = capture.stream();
                events.forEach(text::event);
                output = text.messages();
            }
        } else {
            x.meter().body(bytes);
            output = capturing(x) ? capture.output(bytes) : null;
        }
        settlement.finishAfterWrite(x, UsageEvent.OK, 200, null, output);
        MutableHttpResponse<byte[]> response = HttpResponse.ok(bytes);
        response.contentType(cached.contentType());
        response.header("x-gateway-served-by", "cache; model=" + cached.model());
        return Reply.whole(decorate(x, response), 200, bytes);
    }

    private <T> MutableHttpResponse<T> decorate(Reached x, MutableHttpResponse<T> response) {
        if (x.reply() != null) {
            // Pool and model only: the endpoint's address is the operator's business (it is in the log and trace).
            response.header("x-gateway-served-by", "pool=" + x.reply().target().pool().name()
                            + "; model=" + x.reply().target().servedModel())
                    .header(ErrorResponses.ENDPOINT_HEADER, x.reply().endpoint().baseUrl().toString())
                    .header("x-gateway-fallbacks", Integer.toString(x.reply().failedAttempts().size()));
        }
        response.header("x-gateway-cache", x.cache().outcome());
        if (x.reservation() != null) {
            x.reservation().headers().values().forEach(response::header);
        }
        return response;
    }

    private MutableHttpResponse<Flux<byte[]>> stream(Routed x, RoutedReply routed) {
        EventFramer framer = new EventFramer(MAX_EVENT_BYTES);
        int keepLimit = config.cache().maxEntryBytes();
        ByteArrayOutputStream copy = x.cache().store() ? new ByteArrayOutputStream() : null;
        AtomicBoolean overflow = new AtomicBoolean();
        StreamedText text = capturing(x) ? capture.stream() : null;
        // Framed on bytes; the events of one read leave as one write, less what the client must not see.
        Flux<byte[]> events = routed.body()
                .<byte[]>handle((read, sink) -> {
                    List<byte[]> framed = framer.feed(read);
                    if (text != null) {
                        framed.forEach(text::event);
                    }
                    byte[] out = relayed(x, framed);
                    if (x.meter().done()) {
                        // A client may send its next request on the last event, before the stream closes.
                        settlement.answered(x);
                    }
                    if (out != null) {
                        sink.next(out);
                    }
                })
                .doOnNext(event -> {
                    if (copy != null && !overflow.get()) {
                        if (copy.size() + event.length <= keepLimit) {
                            copy.writeBytes(event);
                        } else {
                            overflow.set(true);
                        }
                    }
                })
                .concatWith(Mono.fromSupplier(() -> x.meter().done() ? null
                        : truncated(x, routed, "the backend ended the stream early")))
                .onErrorResume(error -> Mono.just(truncated(x, routed, describe(error))))
                .doOnComplete(() -> settlement.answered(x))
                .doFinally(signal -> {
                    String output = text == null ? null : text.messages();
                    if (signal == SignalType.CANCEL) {
                        settlement.finish(x, UsageEvent.CANCELLED, 200, null, false, output);
                    } else if (x.meter().done()) {
                        boolean whole = copy != null && !overflow.get();
                        settlement.finish(x, UsageEvent.OK, 200, whole ? new CachedResponse(MediaType.TEXT_EVENT_STREAM,
                                copy.toString(StandardCharsets.UTF_8), routed.target().servedModel()).encode() : null,
                                false, output);
                    } else {
                        // The client got a 200 and part of an answer: it pays for what it got, estimated.
                        settlement.finish(x, UsageEvent.ERROR, 200, null, false, output);
                    }
                });
        return HttpResponse.ok(events);
    }

    /** The events of one read that reach the client, joined; null when none does. */
    private static byte[] relayed(Routed x, List<byte[]> events) {
        int n = events.size();
        boolean[] keep = new boolean[n];
        int kept = 0;
        int length = 0;
        byte[] last = null;
        for (int i = 0; i < n; i++) {
            byte[] event = events.get(i);
            if (x.meter().event(event)) {
                keep[i] = true;
                kept++;
                length += event.length;
                last = event;
            }
        }
        if (kept <= 1) {
            return last;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                byte[] event = events.get(i);
                System.arraycopy(event, 0, out, at, event.length);
                at += event.length;
            }
        }
        return out;
    }

    /**
     * A cut stream must not look like a finished one: the client gets an error event (OpenAI SDKs
     * raise on it) instead of a silently shortened answer. The why stays in the log and trace.
     */
    private static byte[] truncated(Reached x, RoutedReply routed, String why) {
        GatewayError error = BackendErrors.brokeOff(routed.target().pool().name(), "backend_stream_truncated",
                "the backend stream broke off", x.requestId());
        FailureReport.record(x.requestId(), x.trace(), error.code(), routed.endpoint() + ": " + why);
        return ("data: " + new String(ErrorResponses.body(error), StandardCharsets.UTF_8) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    private CompletableFuture<byte[]> collect(Reached x, RoutedReply routed) {
        int limit = config.maxResponseBytes();
        return routed.body()
                .reduce(new ByteArrayOutputStream(), (out, buffer) -> append(out, buffer, limit))
                .map(ByteArrayOutputStream::toByteArray)
                .onErrorMap(error -> {
                    if (error instanceof GatewayError) {
                        return error;
                    }
                    GatewayError broke = BackendErrors.brokeOff(routed.target().pool().name(), "backend_error",
                            "the backend's answer broke off", x.requestId());
                    FailureReport.record(x.requestId(), x.trace(), broke.code(), routed.endpoint() + ": " + describe(error));
                    return broke;
                })
                .toFuture();
    }

    private static ByteArrayOutputStream append(ByteArrayOutputStream out, ByteBuffer buffer, int limit) {
        if (out.size() + buffer.remaining() > limit) {
            throw new GatewayError(502, "server_error", "backend_response_too_large", null,
                    "the backend's answer is larger than " + limit + " bytes", null);
        }
        if (buffer.hasArray()) {
            // Straight from the buffer's array: no intermediate copy per read.
            out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            buffer.position(buffer.limit());
            return out;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.writeBytes(bytes);
        return out;
    }
}
