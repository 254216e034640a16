package ai.factory.gateway.mcp;

import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.mcp.upstream.UpstreamTools;
import ai.factory.gateway.policy.TenantPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;

/** The MCP methods this server answers: lifecycle, ping and tools (the products', then the upstreams'). */
@Singleton
public class McpMethods {

    private final McpTools tools;
    private final UpstreamTools upstreams;
    private final ObjectMapper json;

    public McpMethods(McpTools tools, UpstreamTools upstreams, ObjectMapper json) {
        this.tools = tools;
        this.upstreams = upstreams;
        this.json = json;
    }

    McpTools tools() {
        return tools;
    }

    /** Version negotiation: the client's version when supported, else the newest this server speaks. */
    ObjectNode initialize(JsonNode params) {
        String asked = params == null ? null : params.path("protocolVersion").asText(null);
        ObjectNode result = json.createObjectNode();
        result.put("protocolVersion", McpMessages.SUPPORTED_VERSIONS.contains(asked) ? asked
                : McpMessages.SUPPORTED_VERSIONS.get(0));
        result.putObject("capabilities").putObject("tools").put("listChanged", false);
        ObjectNode info = result.putObject("serverInfo");
        info.put("name", "ai-factory-gateway");
        info.put("version", "1.0");
        result.put("instructions", "Each tool is a product of the AI factory, entitled to your tenant; "
                + "calls count against your tenant's limits like the HTTP API.");
        return result;
    }

    CompletableFuture<JsonNode> handle(HttpRequest<?> http, String requestId, Caller caller, TenantPolicy policy,
            String method, JsonNode params) {
        try {
            return switch (method) {
                case "ping" -> CompletableFuture.completedFuture(json.createObjectNode());
                case "tools/list" -> upstreams.list(caller.tenantId()).thenApply(more -> {
                    ObjectNode result = tools.list(policy);
                    ((ArrayNode) result.get("tools")).addAll(more);
                    return result;
                });
                case "tools/call" -> upstreamTool(params) != null
                        ? upstreams.call(requestId, caller, upstreamTool(params), params.get("arguments"))
                        : tools.call(http, requestId, caller, policy, params);
                default -> throw new JsonRpc.Failure(JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method);
            };
        } catch (JsonRpc.Failure f) {
            return CompletableFuture.failedFuture(f);
        }
    }

    /** The called tool's name when it is an upstream's ({@code <upstream>__<tool>}), else null. */
    private String upstreamTool(JsonNode params) {
        JsonNode name = params == null ? null : params.get("name");
        return name != null && name.isTextual() && upstreams.names(name.asText()) ? name.asText() : null;
    }
}
