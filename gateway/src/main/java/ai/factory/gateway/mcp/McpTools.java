package ai.factory.gateway.mcp;

import ai.factory.gateway.api.ProxyPipeline;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.policy.TenantPolicy;
import ai.factory.gateway.products.ProductInvoker;
import ai.factory.gateway.products.ProductsConfig;
import ai.factory.gateway.sse.RelayedEvents;
import ai.factory.products.Product;
import ai.factory.products.ProductCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * The tenant's entitled products as MCP tools. A call goes through {@link ProductInvoker}, the
 * same path as {@code POST /v1/products/{id}/invoke} (limits, cache, routing, fallback,
 * accounting); its HTTP answer is then translated into an MCP tool result.
 */
@Singleton
public class McpTools {

    /** The usage event's channel for a tool call. */
    static final String CHANNEL = "mcp";

    private final ProductCatalog catalog;
    private final ProductsConfig config;
    private final ProductInvoker invoker;
    private final ProxyPipeline pipeline;
    private final ObjectMapper json;

    public McpTools(ProductCatalog catalog, ProductsConfig config, ProductInvoker invoker, ProxyPipeline pipeline,
            ObjectMapper json) {
        this.catalog = catalog;
        this.config = config;
        this.invoker = invoker;
        this.pipeline = pipeline;
        this.json = json;
    }

    ObjectNode list(TenantPolicy policy) {
        ObjectNode result = json.createObjectNode();
        ArrayNode tools = result.putArray("tools");
        for (Product p : catalog.all()) {
            if (!entitled(policy, p.id())) {
                continue;
            }
            ObjectNode tool = tools.addObject();
            tool.put("name", p.id());
            tool.put("title", p.name());
            tool.put("description", p.description());
            tool.set("inputSchema", json.valueToTree(p.inputSchema()));
            JsonNode output = outputSchema(p);
            if (output != null) {
                tool.set("outputSchema", output);
            }
        }
        return result;
    }

    CompletableFuture<JsonNode> call(HttpRequest<?> http, String requestId, Caller caller, TenantPolicy policy,
            JsonNode params) {
        Product product = tool(policy, params);
        return invoke(http, requestId, caller, product, invocation(params, false))
                .thenApply(response -> McpToolResults.of(product, response, outputSchema(product) != null, json));
    }

    /** The progress token of a call to a streaming product, or null when the call is answered whole. */
    JsonNode progressToken(TenantPolicy policy, JsonNode params) {
        JsonNode token = params == null ? null : params.at("/_meta/progressToken");
        if (token == null || !(token.isTextual() || token.isIntegralNumber())) {
            return null;
        }
        JsonNode name = params.get("name");
        boolean streams = name != null && name.isTextual() && catalog.find(name.asText())
                .filter(p -> entitled(policy, p.id())).map(Product::streaming).orElse(false);
        return streams ? token : null;
    }

    /** A streaming product's call as SSE: progress notifications per delta, then the result. */
    CompletableFuture<MutableHttpResponse<?>> callStreaming(HttpRequest<?> http, String requestId, Caller caller,
            TenantPolicy policy, JsonNode params, JsonNode id, JsonNode progressToken) {
        Product product = tool(policy, params);
        return invoke(http, requestId, caller, product, invocation(params, true)).thenApply(response -> {
            if (response.code() != 200) {
                JsonNode result = McpToolResults.of(product, response, false, json);
                return HttpResponse.ok(McpProgress.sse(JsonRpc.result(id, result), json))
                        .contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
            }
            Object body = response.body();
            @SuppressWarnings("unchecked")
            Flux<byte[]> chunks = body instanceof byte[] whole ? McpProgress.events(whole)
                    : RelayedEvents.of((Publisher<byte[]>) body);
            return HttpResponse.ok(McpProgress.relay(chunks, id, progressToken, json))
                    .contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
        });
    }

    private Product tool(TenantPolicy policy, JsonNode params) {
        JsonNode name = params == null ? null : params.get("name");
        if (name == null || !name.isTextual()) {
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "tools/call needs params.name, the tool's name");
        }
        // A product outside the tenant's entitlement is as unknown as one that does not exist.
        return catalog.find(name.asText()).filter(p -> entitled(policy, p.id()))
                .orElseThrow(() -> new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "Unknown tool: " + shown(name.asText())));
    }

    private ObjectNode invocation(JsonNode params, boolean stream) {
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "params.arguments must be an object");
        }
        ObjectNode invocation = json.createObjectNode();
        invocation.set("input", arguments == null || arguments.isNull() ? json.createObjectNode() : arguments);
        invocation.put("stream", stream);
        return invocation;
    }

    private CompletableFuture<MutableHttpResponse<?>> invoke(HttpRequest<?> http, String requestId, Caller caller,
            Product product, ObjectNode invocation) {
        // Its usage event says it came through MCP: usage groups by channel.
        CompletableFuture<MutableHttpResponse<?>> answer;
        try {
            answer = invoker.invoke(http, requestId, caller, product, invocation, CHANNEL, null);
        } catch (RuntimeException refused) {
            answer = pipeline.refuse(http, requestId, caller, product.id(), refused, CHANNEL, null);
        }
        return answer.handle((response, failure) -> failure == null ? response : ErrorResponses.of(failure));
    }

    private JsonNode outputSchema(Product p) {
        // MCP requires an object at an outputSchema's root; other outputs are returned as text only.
        JsonNode schema = p.output().schema().map(s -> (JsonNode) json.valueToTree(s)).orElse(null);
        return schema != null && "object".equals(schema.path("type").asText()) ? schema : null;
    }

    private boolean entitled(TenantPolicy policy, String product) {
        Boolean own = policy.entitlement(product);
        return own != null ? own : config.entitledByDefault(product);
    }

    /** A name echoed in an error: a client's 5 KB or control-character name is not sent back whole. */
    static String shown(String name) {
        String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
