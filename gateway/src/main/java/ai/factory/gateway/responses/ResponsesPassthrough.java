package ai.factory.gateway.responses;

import ai.factory.gateway.api.Operation;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.sse.RelayedEvents;
import ai.factory.gateway.sse.SseBytes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/responses} for pools that speak it ({@code responses: passthrough}): the client's
 * request, its conversation expanded into {@code input} ({@link PassthroughBody}), goes through
 * the chat path as {@link Operation#RESPONSES}; the answer comes back as the server wrote it. The
 * gateway keeps the conversation state: it stores the answer (from the body, or from the stream's
 * closing event before that event goes out) and shows the client its own {@code store} and
 * {@code previous_response_id} there.
 */
@Singleton
public class ResponsesPassthrough {

    private static final byte[] TYPE = "\"type\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);

    private final ChatCompletions chat;
    private final Conversations conversations;
    private final ObjectMapper json;

    public ResponsesPassthrough(ChatCompletions chat, Conversations conversations, ObjectMapper json) {
        this.chat = chat;
        this.conversations = conversations;
        this.json = json;
    }

    CompletableFuture<MutableHttpResponse<?>> answer(HttpRequest<?> http, String requestId, Caller caller,
            ResponsesController.Prepared p) {
        ResponsesRequest request = p.request();
        ObjectNode body = PassthroughBody.of(request, p.history());
        return chat.call(http, requestId, caller, Operation.RESPONSES, body, request.model(), request.stream())
                .thenCompose(response -> {
                    if (response.code() != 200) {
                        return CompletableFuture.completedFuture(response);
                    }
                    if (request.stream()) {
                        return CompletableFuture.completedFuture(stream(response, caller.tenantId(), p));
                    }
                    ObjectNode result = read(response.body() instanceof byte[] b ? b : new byte[0]);
                    clientView(result, request);
                    return conversations.keepAnswer(caller.tenantId(), request, p.history(), result)
                            .thenApply(stored -> ResponsesController.replace(response, bytes(result)));
                }).exceptionally(ErrorResponses::of); // settled by the pipeline already: not counted again
    }

    @SuppressWarnings("unchecked")
    private MutableHttpResponse<?> stream(MutableHttpResponse<?> response, String tenantId, ResponsesController.Prepared p) {
        Object body = response.body();
        Flux<byte[]> events = body instanceof byte[] whole ? ResponsesController.split(whole)
                : RelayedEvents.of((Publisher<byte[]>) body);
        return ResponsesController.replace(response, events.concatMap(event -> closing(event, tenantId, p)));
    }

    /**
     * Events pass as they are, but for the closing one ({@code response.completed} or
     * {@code .incomplete}, the only ones with a usage object): its response is stored first, so a
     * client that continues at once finds it, and goes out with the client's own settings.
     */
    private Mono<byte[]> closing(byte[] event, String tenantId, ResponsesController.Prepared p) {
        SseBytes.Payload data = SseBytes.data(event);
        int usage = data == null ? -1 : SseBytes.valueOf(data.bytes(), data.from(), data.to(), USAGE);
        if (usage < 0 || data.bytes()[usage] != '{' || SseBytes.valueOf(data.bytes(), data.from(), data.to(), TYPE) < 0) {
            return Mono.just(event);
        }
        ObjectNode parsed;
        try {
            parsed = (ObjectNode) json.readTree(data.bytes(), data.from(), data.to() - data.from());
        } catch (IOException | ClassCastException e) {
            return Mono.just(event);
        }
        String type = parsed.path("type").asText();
        if (!(type.equals("response.completed") || type.equals("response.incomplete")) || !parsed.path("response").isObject()) {
            return Mono.just(event);
        }
        ObjectNode result = (ObjectNode) parsed.get("response");
        clientView(result, p.request());
        return Mono.fromFuture(() -> conversations.keepAnswer(tenantId, p.request(), p.history(), result))
                .then(Mono.fromSupplier(() -> ("event: " + type + "\ndata: " + new String(bytes(parsed), StandardCharsets.UTF_8)
                        + "\n\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** The server got {@code store: false} and no {@code previous_response_id}: the client sees what it asked for. */
    private static void clientView(ObjectNode result, ResponsesRequest request) {
        result.put("store", request.store());
        if (request.previousResponseId() != null) {
            result.put("previous_response_id", request.previousResponseId());
        }
    }

    private ObjectNode read(byte[] bytes) {
        try {
            if (json.readTree(bytes) instanceof ObjectNode object && object.path("output").isArray()) {
                return object;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new GatewayError(502, "server_error", "backend_error", null, "the backend's answer is not a response object", null);
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
