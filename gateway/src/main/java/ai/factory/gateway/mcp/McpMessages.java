package ai.factory.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/** What makes a message a JSON-RPC 2.0 message MCP accepts, and which answer format a client asked for. */
final class McpMessages {

    /** Newest first: an unknown requested version is answered with the first. */
    static final List<String> SUPPORTED_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");

    private McpMessages() {
    }

    /** Why the message is not a valid JSON-RPC request, notification or response; null when it is. */
    static String invalid(JsonNode message) {
        if (message.isArray()) {
            return "batches are not supported (removed in MCP 2025-06-18); send one message per POST";
        }
        if (!message.isObject()) {
            return "a message must be a JSON object";
        }
        if (!"2.0".equals(message.path("jsonrpc").asText(null))) {
            return "'jsonrpc' must be \"2.0\"";
        }
        JsonNode id = message.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
            return "'id' must be a string or an integer";
        }
        JsonNode method = message.get("method");
        if (method == null) {
            boolean response = id != null && (message.has("result") || message.has("error"));
            return response ? null : "'method' is required";
        }
        if (!method.isTextual() || method.asText().isEmpty()) {
            return "'method' must be a non-empty string";
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isObject()) {
            return "'params' must be an object";
        }
        return null;
    }

    /** SSE when the client accepts it and either prefers it (no JSON) or the call may take long (a tool call). */
    static boolean wantsEventStream(String accept, String method) {
        String a = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
        boolean sse = a.contains("text/event-stream");
        boolean jsonOk = a.isEmpty() || a.contains("application/json") || a.contains("*/*");
        return sse && (!jsonOk || "tools/call".equals(method));
    }
}
