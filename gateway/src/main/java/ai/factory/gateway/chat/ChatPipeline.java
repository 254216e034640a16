package ai.factory.gateway.chat;

import ai.factory.gateway.api.ProxyPipeline;
import ai.factory.gateway.sse.RelayedEvents;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.policy.PolicyCache;
import ai.factory.gateway.products.ProductInvoker;
import ai.factory.gateway.products.ProductsConfig;
import ai.factory.products.Product;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;

/**
 * The chat integrations' one way into the request path: a turn becomes a product invocation
 * through {@link ProductInvoker} and {@link ProxyPipeline}, exactly as {@code POST
 * /v1/products/{id}/invoke} would run it (entitlement, admission, cache, routing, fallback,
 * accounting), billed to the binding's tenant under the binding as its key, with the usage event
 * carrying the platform as {@code channel} and the hashed end user. Every call of the chat code
 * into the pipeline is in this class.
 */
@Singleton
public class ChatPipeline {

    private final ProductInvoker invoker;
    private final ProxyPipeline pipeline;
    private final PolicyCache policies;
    private final ProductsConfig products;
    private final ObjectMapper json;

    public ChatPipeline(ProductInvoker invoker, ProxyPipeline pipeline, PolicyCache policies, ProductsConfig products,
            ObjectMapper json) {
        this.invoker = invoker;
        this.pipeline = pipeline;
        this.policies = policies;
        this.products = products;
        this.json = json;
    }

    /**
     * Runs {@code product} on {@code input} for the turn. With {@code deltas}, the answer streams and
     * each piece of text is handed over as it arrives; the future completes with the whole answer,
     * or fails with a {@link TurnFailure}.
     */
    public CompletableFuture<String> run(InboundTurn turn, String requestId, Product product, ObjectNode input,
            Consumer<String> deltas) {
        ChannelBinding binding = turn.binding();
        Caller caller = new Caller(binding.tenantId(), binding.keyId(), Set.of(), null);
        MutableHttpRequest<?> http = HttpRequest.POST("/chat/" + binding.platform().id() + "/" + binding.id(), "");
        String channel = binding.platform().id();
        boolean stream = deltas != null && product.streaming();
        ObjectNode invocation = json.createObjectNode();
        invocation.set("input", input);
        invocation.put("stream", stream);
        return policies.policy(binding.tenantId()).thenCompose(policy -> {
            Boolean own = policy.entitlement(product.id());
            CompletableFuture<MutableHttpResponse<?>> response;
            try {
                if (!(own != null ? own : products.entitledByDefault(product.id()))) {
                    throw GatewayError.forbidden("product_not_entitled", "product",
                            "this tenant is not entitled to the product '" + product.id() + "'");
                }
                response = invoker.invoke(http, requestId, caller, product, invocation, channel, turn.endUser());
            } catch (RuntimeException refused) {
                response = pipeline.refuse(http, requestId, caller, product.id(), refused, channel, turn.endUser());
            }
            return response;
        }).handle((response, failure) -> failure == null ? response : ErrorResponses.of(failure))
                .thenCompose(response -> answer(response, stream ? deltas : null));
    }

    /**
     * A reply the platform would not take (429/5xx past the retry budget): the turn was answered
     * and billed, but the user never saw it, so the ledger gets an {@code error} event for it too
     * (its own request id, no tokens), carrying the channel and end user like the turn.
     */
    public void undelivered(InboundTurn turn, String requestId, String product) {
        ChannelBinding binding = turn.binding();
        Caller caller = new Caller(binding.tenantId(), binding.keyId(), Set.of(), null);
        MutableHttpRequest<?> http = HttpRequest.POST("/chat/" + binding.platform().id() + "/" + binding.id(), "");
        pipeline.refuse(http, requestId + "-undelivered", caller, product, new GatewayError(502, "server_error",
                "chat_reply_undelivered", null, "the platform did not take the reply", null),
                binding.platform().id(), turn.endUser());
    }

    private CompletableFuture<String> answer(MutableHttpResponse<?> response, Consumer<String> deltas) {
        Object body = response.body();
        if (response.code() != 200) {
            return CompletableFuture.failedFuture(failure(response, body instanceof byte[] b ? b : new byte[0]));
        }
        if (body instanceof byte[] bytes) {
            JsonNode output = read(bytes).path("output");
            return CompletableFuture.completedFuture(output.isTextual() ? output.asText() : pretty(output));
        }
        if (body instanceof Publisher<?> events) {
            StringBuilder text = new StringBuilder();
            @SuppressWarnings("unchecked")
            Publisher<byte[]> relayed = (Publisher<byte[]>) events;
            return RelayedEvents.of(relayed).doOnNext(event -> {
                String data = new String(event, StandardCharsets.UTF_8).trim();
                if (!data.startsWith("data:") || data.endsWith("[DONE]")) {
                    return;
                }
                JsonNode chunk = read(data.substring(5).trim().getBytes(StandardCharsets.UTF_8));
                if (chunk.has("error")) {
                    throw new TurnFailure(502, chunk.path("error").path("code").asText("backend_error"),
                            chunk.path("error").path("message").asText(""), 0);
                }
                String piece = chunk.at("/choices/0/delta/content").asText("");
                if (!piece.isEmpty()) {
                    text.append(piece);
                    deltas.accept(piece);
                }
            }).then().toFuture().thenApply(done -> text.toString());
        }
        return CompletableFuture.failedFuture(new TurnFailure(502, "backend_error", "no answer", 0));
    }

    private TurnFailure failure(MutableHttpResponse<?> response, byte[] body) {
        JsonNode error = read(body).path("error");
        long retry = response.getHeaders().get("retry-after") == null ? 0
                : parseLong(response.getHeaders().get("retry-after"));
        return new TurnFailure(response.code(), error.path("code").asText("error"), error.path("message").asText(""), retry);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private JsonNode read(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private String pretty(JsonNode node) {
        try {
            return "```\n" + json.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n```";
        } catch (IOException e) {
            return node.toString();
        }
    }
}
