package ai.factory.gateway.support;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.net.http.HttpRequest;
import java.time.Duration;

/** An agent on the gateway's /mcp: the official MCP Java SDK client over streamable HTTP, with a tenant key. */
public final class McpAgents {

    private McpAgents() {
    }

    /** Not yet initialised: a test that checks the handshake does it itself. */
    public static McpSyncClient client(GatewayApp app, String key) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(app.uri("/").toString().replaceAll("/$", ""))
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
    }

    /** Initialised and ready for tools/list and tools/call. */
    public static McpSyncClient connected(GatewayApp app, String key) {
        McpSyncClient client = client(app, key);
        client.initialize();
        return client;
    }
}
