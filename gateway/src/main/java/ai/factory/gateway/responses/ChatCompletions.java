package ai.factory.gateway.responses;

import ai.factory.gateway.api.Operation;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.api.PipelineCall;
import ai.factory.gateway.api.ProxyPipeline;
import ai.factory.gateway.api.Reply;
import ai.factory.gateway.auth.Caller;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;

/**
 * The one place {@code /v1/responses} calls into the request path: a translated request is a
 * chat completion like any other (admission, cache, routing, fallback, relay, accounting), and a
 * request refused before it got there still gets its usage event.
 */
@Singleton
public class ChatCompletions {

    private final ProxyPipeline pipeline;

    public ChatCompletions(ProxyPipeline pipeline) {
        this.pipeline = pipeline;
    }

    CompletableFuture<MutableHttpResponse<?>> call(HttpRequest<?> http, String requestId, Caller caller, ObjectNode chat,
            String model, boolean stream) {
        return call(http, requestId, caller, Operation.CHAT, chat, model, stream);
    }

    /** {@link Operation#RESPONSES}: the Responses body itself, for pools that speak it. */
    CompletableFuture<MutableHttpResponse<?>> call(HttpRequest<?> http, String requestId, Caller caller, Operation operation,
            ObjectNode body, String model, boolean stream) {
        ParsedRequest request = new ParsedRequest(operation, body, model, stream);
        return pipeline.call(http, PipelineCall.of(requestId, caller, request)).thenApply(Reply::http);
    }

    CompletableFuture<MutableHttpResponse<?>> refuse(HttpRequest<?> http, String requestId, Caller caller, Throwable failure) {
        return pipeline.refuse(http, requestId, caller, null, failure);
    }
}
