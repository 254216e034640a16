package ai.factory.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 envelopes and the specification's error codes, as MCP uses them. */
public final class JsonRpc {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    /** Server-defined range (-32000..-32099): the tenant's limits refused the call; data carries the retry time. */
    public static final int RATE_LIMITED = -32029;
    /** Server-defined: an upstream MCP server's circuit is open; data carries the retry time. */
    public static final int UPSTREAM_UNAVAILABLE = -32030;
    public static final int INTERNAL_ERROR = -32603;

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRpc() {
    }

    static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode root = envelope(id);
        root.set("result", result);
        return root;
    }

    static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode root = envelope(id);
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return root;
    }

    /** A JSON-RPC id is a string or a number; null when the request's id could not be read. */
    static boolean validId(JsonNode id) {
        return id == null || id.isTextual() || id.isIntegralNumber();
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode root = JSON.createObjectNode();
        root.put("jsonrpc", "2.0");
        if (id == null) {
            root.putNull("id");
        } else {
            root.set("id", id);
        }
        return root;
    }

    /** Raised while handling one request: becomes that request's JSON-RPC error answer. */
    public static final class Failure extends RuntimeException {
        final int code;
        final transient JsonNode data;

        public Failure(int code, String message, JsonNode data) {
            super(message, null, false, false);
            this.code = code;
            this.data = data;
        }

        public Failure(int code, String message) {
            this(code, message, null);
        }
    }
}
