package ai.factory.gateway.mcp.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.accounting.spool.UsageSpool;
import ai.factory.gateway.mcp.JsonRpc;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.TestServers;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.embedded.RedisServer;

/** Upstream tool calls while Redis is away: a limited tool is refused (its limit cannot be checked), usage goes to the spool. */
class McpUpstreamRedisOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REDIS_PORT = TestServers.freePort();
    // A Redis of the test's own, stopped by the test: running before the fixture starts the gateway on it.
    private static final RedisServer redis = startRedis();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .properties(UsageFixtures.quickFlush())
            .property("redis.uri", "redis://127.0.0.1:" + REDIS_PORT)
            .tenant("acme")
            .build();

    private static UpstreamStub upstream;

    private static RedisServer startRedis() {
        try {
            RedisServer server = RedisServer.newRedisServer().port(REDIS_PORT).bind("127.0.0.1")
                    .setting("dir " + Files.createTempDirectory("mcp-outage-redis")).setting("save \"\"")
                    .setting("appendonly no").build();
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void start(GatewayApp app) throws Exception {
        upstream = new UpstreamStub("tools", List.of("open", "limited"), 0);
        Admin.call(app, "POST", "/admin/mcp/upstreams", JSON.writeValueAsString(Map.of("name", "tools",
                "url", upstream.url(), "tool_requests_per_minute", Map.of("limited", 100),
                "tenants", Map.of("acme", List.of("*")))));
    }

    @AfterAll
    static void stop() throws IOException {
        upstream.close();
        redis.stop();
    }

    @Test
    void with_redis_down_a_limited_tool_is_refused_unreached_and_an_unlimited_call_is_billed_through_the_spool(
            GatewayApp app, @Key("acme") String key) throws Exception {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(app.uri("/").toString().replaceAll("/$", "")).endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key)).build();
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
            client.initialize();
            UsageSpool spool = app.context().getBean(UsageSpool.class);
            redis.stop();
            long spooled = spool.appended();
            McpError refused = assertThrows(McpError.class, () -> client.callTool(
                    new McpSchema.CallToolRequest("tools__limited", Map.of())));
            assertEquals(JsonRpc.INTERNAL_ERROR, refused.getJsonRpcError().code(), refused.getMessage());
            assertEquals(0, upstream.calls("limited"), "not called without its limit checked");

            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("tools__open", Map.of("q", "x")));
            assertFalse(Boolean.TRUE.equals(result.isError()), String.valueOf(result.content()));
            Await.until(Duration.ofSeconds(10), () -> spool.appended() == spooled + 1, "the call's event in the spool");
        }
    }
}
