package ai.factory.gateway.mcp.upstream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class UpstreamLinkTest {

    @Test
    void an_upstream_that_says_the_request_was_wrong_is_not_counted_against_its_breaker() {
        McpError invalid = new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(-32602, "bad arguments"));
        assertFalse(UpstreamLink.countsAgainst(new CompletionException(invalid)));
    }

    @Test
    void timeouts_transport_failures_and_internal_errors_count_against_it() {
        assertTrue(UpstreamLink.countsAgainst(new CompletionException(new TimeoutException())));
        assertTrue(UpstreamLink.countsAgainst(new RuntimeException("connection refused")));
        assertTrue(UpstreamLink.countsAgainst(new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(-32603, "boom"))));
    }
}
