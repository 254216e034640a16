package ai.factory.gateway.responses;

import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.cache.CacheDecision;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.http.RequestIds;
import ai.factory.gateway.sse.RelayedEvents;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/responses}, OpenAI's Responses API, translated to a chat completion and back.
 * Conversation state ({@code store}, {@code previous_response_id}) lives in {@link Conversations}.
 */
@Controller("/v1")
@Consumes(MediaType.ALL)
@Produces(MediaType.ALL)
public class ResponsesController {

    private final KeyAuthenticator authenticator;
    private final ChatCompletions chat;
    private final Conversations conversations;
    private final ObjectMapper json;
    private final ResponsesRoutes routes;
    private final ResponsesPassthrough passthrough;

    public ResponsesController(KeyAuthenticator authenticator, ChatCompletions chat, Conversations conversations,
            ObjectMapper json, ResponsesRoutes routes, ResponsesPassthrough passthrough) {
        this.authenticator = authenticator;
        this.chat = chat;
        this.conversations = conversations;
        this.json = json;
        this.routes = routes;
        this.passthrough = passthrough;
    }

    @Post("/responses")
    public CompletableFuture<MutableHttpResponse<?>> create(HttpRequest<?> http, @Nullable @Body byte[] body) {
        String requestId = RequestIds.of(http);
        return authenticator.authenticate(http)
                .thenCompose(caller -> {
                    CompletableFuture<Prepared> prepared;
                    try {
                        ResponsesRequest request = ResponsesRequest.parse(object(body));
                        prepared = conversations.history(caller.tenantId(), request.previousResponseId())
                                .thenApply(history -> new Prepared(request, history));
                    } catch (RuntimeException e) {
                        prepared = CompletableFuture.failedFuture(e);
                    }
                    return prepared.thenCompose(p -> answer(http, requestId, caller, p))
                            .exceptionallyCompose(failure -> chat.refuse(http, requestId, caller, failure));
                })
                .handle((response, failure) -> failure == null ? response : ErrorResponses.of(failure));
    }

    record Prepared(ResponsesRequest request, List<JsonNode> history) {
    }

    private CompletableFuture<MutableHttpResponse<?>> answer(HttpRequest<?> http, String requestId, Caller caller, Prepared p) {
        ResponsesRequest request = p.request();
        if (routes.passthrough(request.model())) {
            return passthrough.answer(http, requestId, caller, p);
        }
        ObjectNode body = request.chat(p.history());
        String id = ResponseObjects.newId("resp_");
        long createdAt = System.currentTimeMillis() / 1000;
        return chat.call(http, requestId, caller, body, request.model(), request.stream()).thenCompose(response -> {
            if (response.code() != 200) {
                // The pipeline's errors are already in OpenAI's shape.
                return CompletableFuture.completedFuture(response);
            }
            boolean cacheHit = CacheDecision.HIT.equals(response.getHeaders().get("x-gateway-cache"));
            if (request.stream()) {
                return CompletableFuture.completedFuture(stream(response,
                        new ResponseStream(id, createdAt, request, json, cacheHit), caller.tenantId(), p));
            }
            ObjectNode result = ResponseObjects.completed(id, createdAt, request, read(response), cacheHit);
            return store(caller.tenantId(), p, result).thenApply(stored -> replace(response, bytes(result)));
        }).exceptionally(failure -> ErrorResponses.of(failure)); // settled by the pipeline already: not counted again
    }

    private MutableHttpResponse<?> stream(MutableHttpResponse<?> response, ResponseStream events, String tenantId, Prepared p) {
        Object body = response.body();
        @SuppressWarnings("unchecked")
        Flux<byte[]> chunks = body instanceof byte[] whole ? split(whole)
                : RelayedEvents.of((Publisher<byte[]>) body);
        Flux<byte[]> out = Flux.fromIterable(events.start())
                .concatWith(chunks.concatMapIterable(events::chunk))
                .concatWith(Flux.defer(() -> {
                    List<byte[]> end = events.finish();
                    // Stored before response.completed goes out: a client that continues at once finds it.
                    Mono<Object> saved = events.succeeded()
                            ? Mono.fromFuture(() -> store(tenantId, p, events.result()).thenApply(v -> (Object) v))
                            : Mono.empty();
                    return saved.thenMany(Flux.fromIterable(end));
                }));
        return replace(response, out);
    }

    private CompletableFuture<Void> store(String tenantId, Prepared p, ObjectNode result) {
        return conversations.keepAnswer(tenantId, p.request(), p.history(), result);
    }

    @SuppressWarnings("unchecked")
    static MutableHttpResponse<?> replace(MutableHttpResponse<?> response, Object body) {
        return ((MutableHttpResponse<Object>) response).body(body);
    }

    private ObjectNode object(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw GatewayError.invalidRequest(null, "request body is empty: expected a JSON object");
        }
        try {
            // A key sent twice is refused, as on the chat path: the backend could act on the other copy.
            JsonNode root = json.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(bytes);
            if (root instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw GatewayError.invalidRequest(null, "request body is not valid JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        throw GatewayError.invalidRequest(null, "request body must be a JSON object");
    }

    private JsonNode read(MutableHttpResponse<?> response) {
        try {
            return json.readTree(response.body() instanceof byte[] b ? b : new byte[0]);
        } catch (IOException e) {
            throw new GatewayError(502, "server_error", "backend_error", null, "the backend's answer is not JSON", null);
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stream served whole (a cache hit) comes as one body: split it into its events. */
    static Flux<byte[]> split(byte[] whole) {
        String[] parts = new String(whole, StandardCharsets.UTF_8).split("\n\n");
        return Flux.fromArray(parts).map(part -> (part + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
}
