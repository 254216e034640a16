package ai.factory.gateway.mcp;

import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.policy.TenantPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;

/** The MCP methods this server answers: lifecycle, ping and tools. */
@Singleton
public class McpMethods {

    private final McpTools tools;
    private final ObjectMapper json;

    public McpMethods(McpTools tools, ObjectMapper json) {
        this.tools = tools;
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
                case "tools/list" -> CompletableFuture.completedFuture(tools.list(policy));
                case "tools/call" -> tools.call(http, requestId, caller, policy, params);
                default -> throw new JsonRpc.Failure(JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method);
            };
        } catch (JsonRpc.Failure f) {
            return CompletableFuture.failedFuture(f);
        }
    }
}
