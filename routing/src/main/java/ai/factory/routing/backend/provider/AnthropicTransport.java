package ai.factory.routing.backend.provider;

import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.backend.BackendTransport;
import ai.factory.routing.pool.Endpoint;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;

/**
 * Anthropic's Messages API as a pool protocol, through LangChain4j's streaming chat model. The
 * client's OpenAI chat request is translated in ({@link OpenAiChatRequest}), the answer streamed
 * back as OpenAI chunks ({@link OpenAiChunks}). The reply head is released with the first token:
 * a provider that fails before it is a failed attempt the router retries or falls back from,
 * one that fails after it cuts the stream (the client already has bytes).
 *
 * <p>The endpoint's base URL is the provider's API root without {@code /v1} (e.g.
 * {@code https://api.anthropic.com}); the pool's {@code api-key} arrives as the request's bearer
 * token. Only chat completions are translated.
 */
public final class AnthropicTransport implements BackendTransport {

    private static final Map<String, List<String>> EVENT_STREAM = Map.of("content-type", List.of("text/event-stream"));
    private static final Map<String, List<String>> JSON = Map.of("content-type", List.of("application/json"));

    /** Chunks (one token each) held for a slow client before the provider is held back. */
    static final int BUFFER_CHUNKS = 64;

    private final Duration callTimeout;
    private final int bufferChunks;
    private final Map<String, StreamingChatModel> models = new ConcurrentHashMap<>();

    /** @param callTimeout LangChain4j's own limit on one whole call */
    public AnthropicTransport(Duration callTimeout) {
        this(callTimeout, BUFFER_CHUNKS);
    }

    AnthropicTransport(Duration callTimeout, int bufferChunks) {
        this.callTimeout = callTimeout;
        // The head and a short answer's last four chunks are put before anyone reads.
        this.bufferChunks = Math.max(8, bufferChunks);
    }

    @Override
    public CompletableFuture<BackendReply> send(Endpoint endpoint, BackendRequest request) {
        if (!request.path().equals("/v1/chat/completions")) {
            return CompletableFuture.completedFuture(error(400, "invalid_request_error", request.path()
                    + " is not available from this provider; only /v1/chat/completions is"));
        }
        OpenAiChatRequest chat;
        try {
            chat = OpenAiChatRequest.parse(request.body());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(error(400, "invalid_request_error", e.getMessage()));
        }
        CompletableFuture<BackendReply> head = new CompletableFuture<>();
        // Bounded: a slow client holds the provider back instead of piling its answer up here.
        PacedBody body = new PacedBody(bufferChunks, callTimeout);
        OpenAiChunks chunks = new OpenAiChunks("chatcmpl-" + UUID.randomUUID().toString().replace("-", ""), chat.model());
        AtomicBoolean started = new AtomicBoolean();
        Flux<ByteBuffer> stream = body.flux();
        String where = endpoint.toString();
        CompletableFuture.delayedExecutor(request.firstByteTimeout().toMillis(), TimeUnit.MILLISECONDS).execute(() ->
                head.completeExceptionally(new BackendFailure(BackendFailure.Kind.TIMEOUT, where,
                        "no first token within the first-byte timeout")));
        // Runs on LangChain4j's HTTP reader thread: body.put may block it, which is the back-pressure.
        model(endpoint, request).chat(chat.chat(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse token, PartialResponseContext context) {
                // A client that went away (or a head nobody will read) stops the provider's generation.
                if (body.cancelled() || !chat.stream()) {
                    if (body.cancelled()) {
                        context.streamingHandle().cancel();
                    }
                    return;
                }
                if (started.compareAndSet(false, true) && !open()) {
                    context.streamingHandle().cancel();
                    return;
                }
                if (!body.put(chunks.token(token.text()))) {
                    context.streamingHandle().cancel();
                }
            }

            /** Sends the head with the role chunk; false when the first-byte timeout already answered. */
            private boolean open() {
                body.put(chunks.role());
                if (!head.complete(new BackendReply(200, EVENT_STREAM, stream))) {
                    body.cancel();
                    return false;
                }
                return true;
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                if (!chat.stream()) {
                    head.complete(new BackendReply(200, JSON, Flux.just(ByteBuffer.wrap(chunks.completion(response)))));
                    return;
                }
                if (started.compareAndSet(false, true) && !open()) {
                    return;
                }
                boolean reading = body.put(chunks.finish(response));
                if (reading && chat.includeUsage()) {
                    reading = body.put(chunks.usage(response));
                }
                if (reading) {
                    body.put(OpenAiChunks.done());
                }
                body.complete();
            }

            @Override
            public void onError(Throwable error) {
                BackendFailure failure = ProviderFailures.classify(where, error);
                if (!head.completeExceptionally(failure)) {
                    body.fail(failure);
                }
            }
        });
        return head;
    }

    /** One client per endpoint, key and model: LangChain4j binds the model name at build time. */
    private StreamingChatModel model(Endpoint endpoint, BackendRequest request) {
        String auth = request.headers().getOrDefault("authorization", "");
        String key = auth.startsWith("Bearer ") ? auth.substring(7) : auth;
        return models.computeIfAbsent(endpoint.baseUrl() + "|" + key, k -> AnthropicStreamingChatModel.builder()
                .baseUrl(endpoint.baseUrl() + "/v1/")
                .apiKey(key.isEmpty() ? "none" : key)
                .modelName("claude-3-5-haiku-latest") // overridden per request by the ChatRequest's model name
                .timeout(callTimeout)
                .build());
    }

    private static BackendReply error(int status, String type, String message) {
        String body = "{\"error\":{\"message\":" + quote(message) + ",\"type\":\"" + type + "\",\"param\":null,\"code\":null}}";
        return new BackendReply(status, JSON, Flux.just(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
