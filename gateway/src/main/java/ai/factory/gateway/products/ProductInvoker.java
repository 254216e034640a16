package ai.factory.gateway.products;

import ai.factory.gateway.api.Operation;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.api.PipelineCall;
import ai.factory.gateway.api.ProxyPipeline;
import ai.factory.gateway.api.Reply;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.error.GatewayError;
import ai.factory.products.OutputCheck;
import ai.factory.products.OutputKind;
import ai.factory.products.PreparedCall;
import ai.factory.products.Product;
import ai.factory.products.ProductRequest;
import ai.factory.products.Violation;
import ai.factory.routing.alias.Adapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A product invocation: the tenant's plain input becomes a rendered, parameterised backend call
 * (the product's manifest decides prompt, model and parameters), which then takes the same path
 * as any OpenAI call: admission, cache, routing, relay, accounting. A JSON product's answer is
 * validated against its schema; an invalid one gets exactly one repair attempt.
 */
@Singleton
public class ProductInvoker {

    private final ProxyPipeline pipeline;
    private final ObjectMapper json;

    public ProductInvoker(ProxyPipeline pipeline, ObjectMapper json) {
        this.pipeline = pipeline;
        this.json = json;
    }

    public CompletableFuture<MutableHttpResponse<?>> invoke(HttpRequest<?> http, String requestId, Caller caller, Product product,
            ObjectNode invocation) {
        return invoke(http, requestId, caller, product, invocation, null, null);
    }

    /**
     * @param channel the entry point ({@code mcp}, {@code slack}, ...) for the usage event, or null
     * @param endUser the hashed end user behind a chat channel, or null
     */
    public CompletableFuture<MutableHttpResponse<?>> invoke(HttpRequest<?> http, String requestId, Caller caller, Product product,
            ObjectNode invocation, String channel, String endUser) {
        boolean stream = invocation.path("stream").asBoolean(false);
        if (stream && !product.streaming()) {
            throw GatewayError.invalidRequest("stream", "the product '" + product.id() + "' does not stream");
        }
        PreparedCall prepared = ProductRequest.prepare(product, invocation.path("input"),
                invocation.path("options"));
        if (prepared instanceof PreparedCall.Rejected rejected) {
            throw invalidInput(rejected.violations());
        }
        PreparedCall.Ready ready = (PreparedCall.Ready) prepared;
        ObjectNode original = ready.body().deepCopy();
        boolean embeddings = product.output().kind() == OutputKind.EMBEDDING;
        Call call = new Call(http, caller, product, ready, channel, endUser);
        if (stream) {
            ready.body().put("stream", true);
            return call.send(requestId, ready.body(), true).thenApply(Reply::http);
        }
        return call.send(requestId, ready.body(), false).thenCompose(first -> {
            if (first.status() != 200) {
                return CompletableFuture.completedFuture(first.http());
            }
            JsonNode answer = call.read(first.body());
            String content = embeddings ? new String(bytes(first), StandardCharsets.UTF_8)
                    : answer.at("/choices/0/message/content").asText("");
            OutputCheck.Result result = OutputCheck.check(product, content);
            if (result instanceof OutputCheck.Valid valid) {
                return CompletableFuture.completedFuture(ProductResponses.wrap(first.http(), requestId, product, answer,
                        valid.output(), answer.path("usage"), json));
            }
            List<Violation> violations = ((OutputCheck.Invalid) result).violations();
            if (product.output().kind() != OutputKind.JSON) {
                throw invalidOutput(product, violations, false);
            }
            ObjectNode repair = OutputCheck.repairRequest(original, content, violations);
            return call.send(requestId + "-repair", repair, false).thenApply(second -> {
                if (second.status() != 200) {
                    return second.http();
                }
                JsonNode repaired = call.read(second.body());
                OutputCheck.Result again = OutputCheck.check(product, repaired.at("/choices/0/message/content").asText(""));
                if (again instanceof OutputCheck.Valid valid) {
                    return ProductResponses.wrap(second.http(), requestId, product, repaired, valid.output(),
                            ProductResponses.sumUsage(answer.path("usage"), repaired.path("usage"), json), json);
                }
                throw invalidOutput(product, ((OutputCheck.Invalid) again).violations(), true);
            });
        });
    }

    /**
     * One invocation's backend calls. An answer is parsed once: the cache's check (during the
     * relay) and the output check (after it) read the same tree, found by the answer's bytes.
     */
    private final class Call {

        private final HttpRequest<?> http;
        private final Caller caller;
        private final Product product;
        private final PreparedCall.Ready ready;
        private final String channel;
        private final String endUser;
        private byte[] lastBytes;
        private JsonNode lastTree;

        Call(HttpRequest<?> http, Caller caller, Product product, PreparedCall.Ready ready, String channel, String endUser) {
            this.http = http;
            this.caller = caller;
            this.product = product;
            this.ready = ready;
            this.channel = channel;
            this.endUser = endUser;
        }

        CompletableFuture<Reply> send(String requestId, ObjectNode body, boolean stream) {
            Operation operation = embeddings() ? Operation.EMBEDDINGS : Operation.CHAT;
            ParsedRequest request = new ParsedRequest(operation, body, body.path("model").asText(), stream);
            // An answer is cached only once it passed the product's checks: a cached invalid answer would
            // come back invalid on every repeat.
            return pipeline.call(http, PipelineCall.of(requestId, caller, request)
                    .forProduct(product.id(), ready.cacheTtl(), ready.maxOutputTokens(), this::valid,
                            product.adapter().map(a -> new Adapter(a.name(), a.base())).orElse(null))
                    .via(channel, endUser));
        }

        private boolean embeddings() {
            return product.output().kind() == OutputKind.EMBEDDING;
        }

        private boolean valid(byte[] answer) {
            try {
                String content = embeddings() ? new String(answer, StandardCharsets.UTF_8)
                        : tree(answer).at("/choices/0/message/content").asText("");
                return OutputCheck.check(product, content) instanceof OutputCheck.Valid;
            } catch (IOException e) {
                return false;
            }
        }

        JsonNode read(byte[] answer) {
            try {
                return tree(answer == null ? new byte[0] : answer);
            } catch (IOException e) {
                throw new GatewayError(502, "server_error", "backend_error", null, "the backend's answer is not JSON", null);
            }
        }

        /** Called on the relay's thread, then (after the reply completed) on the caller's: never at once. */
        private synchronized JsonNode tree(byte[] answer) throws IOException {
            if (answer != lastBytes) {
                lastTree = json.readTree(answer);
                lastBytes = answer;
            }
            return lastTree;
        }
    }

    private static byte[] bytes(Reply reply) {
        return reply.body() == null ? new byte[0] : reply.body();
    }

    static GatewayError invalidInput(List<Violation> violations) {
        String list = violations.stream().map(v -> v.pointer() + ": " + v.message()).collect(Collectors.joining("; "));
        return GatewayError.invalidRequest(violations.get(0).pointer(),
                violations.size() + " problem" + (violations.size() == 1 ? "" : "s") + " with the request: " + list);
    }

    private static GatewayError invalidOutput(Product product, List<Violation> violations, boolean afterRepair) {
        String list = violations.stream().map(v -> v.pointer() + ": " + v.message()).collect(Collectors.joining("; "));
        return new GatewayError(502, "server_error", "invalid_model_output", null, "the model's answer for '"
                + product.id() + "' does not match its output schema" + (afterRepair ? " after one repair attempt" : "")
                + ": " + list, null);
    }
}
