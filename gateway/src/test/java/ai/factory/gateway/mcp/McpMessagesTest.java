package ai.factory.gateway.mcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class McpMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String invalid(String message) throws Exception {
        return McpMessages.invalid(JSON.readTree(message));
    }

    @Test
    void requests_notifications_and_client_responses_are_valid() throws Exception {
        assertNull(invalid("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
        assertNull(invalid("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"tools/list\",\"params\":{}}"));
        assertNull(invalid("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        assertNull(invalid("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}"));
    }

    @Test
    void batches_wrong_versions_ids_methods_and_params_are_invalid() throws Exception {
        assertNotNull(invalid("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"));
        assertNotNull(invalid("\"ping\""));
        assertNotNull(invalid("{\"id\":1,\"method\":\"ping\"}"));
        assertNotNull(invalid("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}"));
        assertNotNull(invalid("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":3}"));
        assertNotNull(invalid("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}"));
        assertNotNull(invalid("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":\"x\"}"));
        assertNotNull(invalid("{\"jsonrpc\":\"2.0\",\"result\":{}}"), "a response needs its id");
    }

    @Test
    void tool_calls_stream_when_sse_is_accepted_other_methods_prefer_json() {
        String both = "application/json, text/event-stream";
        assertTrue(McpMessages.wantsEventStream(both, "tools/call"));
        assertFalse(McpMessages.wantsEventStream(both, "tools/list"));
        assertTrue(McpMessages.wantsEventStream("text/event-stream", "ping"));
        assertFalse(McpMessages.wantsEventStream("application/json", "tools/call"));
        assertFalse(McpMessages.wantsEventStream(null, "tools/call"));
    }
}
