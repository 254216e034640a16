package ai.factory.gateway.products;

import ai.factory.gateway.api.Operation;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.api.ProxyPipeline;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.error.GatewayError;
import ai.factory.products.OutputCheck;
import ai.factory.products.OutputKind;
import ai.factory.products.PreparedCall;
import ai.factory.products.Product;
import ai.factory.products.Violation;
import ai.factory.routing.alias.Adapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
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
        boolean stream = invocation.path("stream").asBoolean(false);
        if (stream && !product.streaming()) {
            throw GatewayError.invalidRequest("stream", "the product '" + product.id() + "' does not stream");
        }
        PreparedCall prepared = ai.factory.products.ProductRequest.prepare(product, invocation.path("input"),
                invocation.path("options"));
        if (prepared instanceof PreparedCall.Rejected rejected) {
            throw invalidInput(rejected.violations());
        }
        PreparedCall.Ready ready = (PreparedCall.Ready) prepared;
        ObjectNode original = ready.body().deepCopy();
        boolean embeddings = product.output().kind() == OutputKind.EMBEDDING;
        if (stream) {
            ready.body().put("stream", true);
            return send(http, requestId, caller, product, ready, ready.body(), true);
        }
        return send(http, requestId, caller, product, ready, ready.body(), false).thenCompose(first -> {
            if (first.code() != 200) {
                return CompletableFuture.completedFuture(first);
            }
            JsonNode answer = read(first);
            String content = embeddings ? new String(bytes(first), StandardCharsets.UTF_8)
                    : answer.at("/choices/0/message/content").asText("");
            OutputCheck.Result result = OutputCheck.check(product, content);
            if (result instanceof OutputCheck.Valid valid) {
                return CompletableFuture.completedFuture(ProductResponses.wrap(first, requestId, product, answer,
                        valid.output(), answer.path("usage"), json));
            }
            List<Violation> violations = ((OutputCheck.Invalid) result).violations();
            if (product.output().kind() != OutputKind.JSON) {
                throw invalidOutput(product, violations, false);
            }
            ObjectNode repair = OutputCheck.repairRequest(original, content, violations);
            return send(http, requestId + "-repair", caller, product, ready, repair, false).thenApply(second -> {
                if (second.code() != 200) {
                    return second;
                }
                JsonNode repaired = read(second);
                OutputCheck.Result again = OutputCheck.check(product, repaired.at("/choices/0/message/content").asText(""));
                if (again instanceof OutputCheck.Valid valid) {
                    return ProductResponses.wrap(second, requestId, product, repaired, valid.output(),
                            ProductResponses.sumUsage(answer.path("usage"), repaired.path("usage"), json), json);
                }
                throw invalidOutput(product, ((OutputCheck.Invalid) again).violations(), true);
            });
        });
    }

    private CompletableFuture<MutableHttpResponse<?>> send(HttpRequest<?> http, String requestId, Caller caller,
            Product product, PreparedCall.Ready ready, ObjectNode body, boolean stream) {
        Operation operation = product.output().kind() == OutputKind.EMBEDDING ? Operation.EMBEDDINGS : Operation.CHAT;
        ParsedRequest request = new ParsedRequest(operation, body, body.path("model").asText(), stream);
        // An answer is cached only once it passed the product's checks: a cached invalid answer would
        // come back invalid on every repeat.
        return pipeline.handlePrepared(http, requestId, caller, request, product.id(), ready.cacheTtl(),
                ready.maxOutputTokens(), answer -> valid(product, answer),
                product.adapter().map(a -> new Adapter(a.name(), a.base())).orElse(null));
    }

    private boolean valid(Product product, byte[] answer) {
        try {
            String content = product.output().kind() == OutputKind.EMBEDDING ? new String(answer, StandardCharsets.UTF_8)
                    : json.readTree(answer).at("/choices/0/message/content").asText("");
            return OutputCheck.check(product, content) instanceof OutputCheck.Valid;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private JsonNode read(MutableHttpResponse<?> response) {
        try {
            return json.readTree(bytes(response));
        } catch (java.io.IOException e) {
            throw new GatewayError(502, "server_error", "backend_error", null, "the backend's answer is not JSON", null);
        }
    }

    private static byte[] bytes(MutableHttpResponse<?> response) {
        Object body = response.body();
        return body instanceof byte[] b ? b : new byte[0];
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
