package ai.factory.gateway.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.McpAgents;
import ai.factory.products.OutputCheck;
import ai.factory.products.Product;
import ai.factory.products.ProductCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /mcp against the emulator, driven by the official MCP Java SDK client and by raw HTTP for what a client must not send. */
class McpServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProductCatalog CATALOG = ProductCatalog.load();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .alias("chat-large", "gpu")
            .alias("embed-default", "gpu")
            .redisDatabase(18)
            .properties(UsageFixtures.quickFlush())
            .tenant("mcp-acme").tenant("mcp-ledger").tenant("mcp-stream").tenant("mcp-nosql").tenant("mcp-badinput")
            .tenant("mcp-limited").tenant("mcp-raw").tenant("mcp-sessions").tenant("mcp-sessions-other")
            .tenant("mcp-origin")
            .build();

    private static McpSyncClient client(String key) {
        return McpAgents.client(gw.app(), key);
    }

    private static Map<String, Object> example(String product) {
        @SuppressWarnings("unchecked")
        Map<String, Object> input = JSON.convertValue(CATALOG.find(product).orElseThrow().examples().get(0).input(), Map.class);
        return input;
    }

    @Test
    void sdk_client_lists_exactly_the_entitled_products_and_gets_structured_content_from_a_json_product(
            GatewayApp app, @Key("mcp-acme") String key) throws Exception {
        Admin.call(app, "PUT", "/admin/tenants/mcp-acme/products/sql-from-text", "{\"enabled\":false}");
        try (McpSyncClient client = client(key)) {
            McpSchema.InitializeResult init = client.initialize();
            assertTrue(McpMessages.SUPPORTED_VERSIONS.contains(init.protocolVersion()), init.protocolVersion());
            assertNotNull(init.capabilities().tools(), "tools capability announced");

            List<McpSchema.Tool> tools = client.listTools().tools();
            Set<String> listed = tools.stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
            JsonNode products = JSON.readTree(app.get("/v1/products", key).body()).get("data");
            Set<String> entitled = new java.util.HashSet<>();
            products.forEach(p -> entitled.add(p.get("id").asText()));
            assertEquals(entitled, listed,
                    "the tools are exactly the products GET /v1/products shows this tenant");
            assertFalse(listed.contains("sql-from-text"), "a product the tenant is not entitled to is not a tool");
            McpSchema.Tool sentiment = tools.stream().filter(t -> t.name().equals("sentiment")).findFirst().orElseThrow();
            Product product = CATALOG.find("sentiment").orElseThrow();
            assertEquals(product.description(), sentiment.description());
            assertEquals(JSON.valueToTree(product.inputSchema()), JSON.valueToTree(sentiment.inputSchema()));
            assertEquals(JSON.valueToTree(product.output().schema().orElseThrow()), JSON.valueToTree(sentiment.outputSchema()));

            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("sentiment", example("sentiment")));
            assertFalse(Boolean.TRUE.equals(result.isError()), String.valueOf(result.content()));
            assertNotNull(result.structuredContent());
            assertTrue(OutputCheck.check(product, JSON.writeValueAsString(result.structuredContent())) instanceof OutputCheck.Valid,
                    "structuredContent matches the output schema: " + result.structuredContent());
            assertEquals(JSON.valueToTree(result.structuredContent()),
                    JSON.readTree(((McpSchema.TextContent) result.content().get(0)).text()), "text content mirrors it");
        }
    }

    @Test
    void a_tool_call_lands_in_the_ledger_with_channel_mcp_and_an_http_invocation_without_one(
            GatewayApp app, @Key("mcp-ledger") String key) throws Exception {
        try (McpSyncClient client = client(key)) {
            client.initialize();
            assertFalse(Boolean.TRUE.equals(client.callTool(new McpSchema.CallToolRequest("sentiment", example("sentiment")))
                    .isError()));
            // Refused before the request path (bad input): still one event, still through MCP.
            client.callTool(new McpSchema.CallToolRequest("sentiment", Map.of("nonsense", 1)));
        }
        assertEquals(200, app.post("/v1/products/sentiment/invoke", key,
                Bodies.object().put("input", example("sentiment")).json()).statusCode());
        String url = gw.jdbcUrl();
        Await.until(Duration.ofSeconds(20), () -> UsageFixtures
                .count(url, "select count(*) from usage_events where tenant_id = 'mcp-ledger'") == 3, "three ledger rows");
        assertEquals(1, UsageFixtures.count(url, "select count(*) from usage_events"
                + " where tenant_id = 'mcp-ledger' and channel = 'mcp' and product = 'sentiment' and status = 'ok'"
                + " and output_tokens > 0"));
        assertEquals(1, UsageFixtures.count(url, "select count(*) from usage_events"
                + " where tenant_id = 'mcp-ledger' and channel = 'mcp' and status = 'error'"));
        assertEquals(1, UsageFixtures.count(url, "select count(*) from usage_events"
                + " where tenant_id = 'mcp-ledger' and channel is null"), "the HTTP API's call has no channel");
    }

    private static String joined(List<McpSchema.ProgressNotification> progress) {
        return progress.stream().sorted(java.util.Comparator.comparing(McpSchema.ProgressNotification::progress))
                .map(McpSchema.ProgressNotification::message).collect(Collectors.joining());
    }

    @Test
    void a_streaming_product_sends_progress_notifications_then_the_whole_text(
            GatewayApp app, @Key("mcp-stream") String key) {
        Product streaming = CATALOG.all().stream().filter(Product::streaming).findFirst().orElseThrow();
        List<McpSchema.ProgressNotification> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(app.uri("/").toString().replaceAll("/$", "")).endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key)).build();
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress::add).build()) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder().name(streaming.id())
                    .arguments(example(streaming.id())).progressToken("p-1").build());
            assertFalse(Boolean.TRUE.equals(result.isError()), String.valueOf(result.content()));
            String text = ((McpSchema.TextContent) result.content().get(0)).text();
            assertFalse(text.isEmpty());
            assertTrue(progress.size() > 1, "one notification per delta: " + progress.size());
            assertTrue(progress.stream().allMatch(p -> "p-1".equals(p.progressToken())));
            // The client hands notifications to the consumer asynchronously, possibly out of order and after
            // the result: wait (bounded) for the last ones; their progress numbers give the order.
            Await.holds(Duration.ofSeconds(5), () -> text.equals(joined(progress)));
            assertEquals(text, progress.stream().sorted(java.util.Comparator.comparing(McpSchema.ProgressNotification::progress))
                    .map(McpSchema.ProgressNotification::message).collect(Collectors.joining()), "the deltas add up to the result");
        }
    }

    @Test
    void a_tool_of_a_product_the_tenant_is_not_entitled_to_is_refused(GatewayApp app, @Key("mcp-nosql") String key) {
        Admin.call(app, "PUT", "/admin/tenants/mcp-nosql/products/sql-from-text", "{\"enabled\":false}");
        try (McpSyncClient client = client(key)) {
            client.initialize();
            McpError refused = assertThrows(McpError.class, () -> client.callTool(
                    new McpSchema.CallToolRequest("sql-from-text", example("sql-from-text"))));
            assertEquals(JsonRpc.INVALID_PARAMS, refused.getJsonRpcError().code(), refused.getMessage());
        }
    }

    @Test
    void bad_input_is_a_tool_error_the_model_can_read(@Key("mcp-badinput") String key) {
        try (McpSyncClient client = client(key)) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("translate", Map.of("text", 42)));
            assertTrue(result.isError());
            assertTrue(((McpSchema.TextContent) result.content().get(0)).text().contains("/input/text"), result.toString());
        }
    }

    @Test
    void a_call_over_the_tenants_limit_is_an_mcp_error_carrying_the_retry_time(
            GatewayApp app, @Key("mcp-limited") String key) throws Exception {
        Admin.policy(app, "mcp-limited", "{\"rpm\":1}");
        try (McpSyncClient client = client(key)) {
            client.initialize();
            client.callTool(new McpSchema.CallToolRequest("sentiment", example("sentiment")));
            McpError limited = assertThrows(McpError.class, () -> client.callTool(
                    new McpSchema.CallToolRequest("sentiment", Map.of("text", "a second, different text"))));
            assertEquals(JsonRpc.RATE_LIMITED, limited.getJsonRpcError().code(), limited.getMessage());
            JsonNode data = JSON.valueToTree(limited.getJsonRpcError().data());
            assertTrue(data.path("retryAfterSeconds").asLong() > 0, data.toString());
        }
    }

    private static HttpResponse<String> raw(String key, String body, String... headers) {
        return gw.app().post("/mcp", key, body, headers);
    }

    private static String session(String key) throws Exception {
        HttpResponse<String> init = raw(key, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"1999-01-01\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}",
                "accept", "application/json, text/event-stream");
        assertEquals(200, init.statusCode(), init.body());
        assertEquals(McpMessages.SUPPORTED_VERSIONS.get(0), JSON.readTree(init.body()).at("/result/protocolVersion").asText(),
                "an unknown version is answered with the newest supported");
        return init.headers().firstValue("mcp-session-id").orElseThrow();
    }

    private static int rpcCode(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).at("/error/code").asInt();
    }

    @Test
    void malformed_json_rpc_gets_the_specifications_error_codes_never_a_500(
            @Key("mcp-raw") String key) throws Exception {
        String session = session(key);
        // JSON only: a tools/call answer would otherwise come as SSE.
        String[] h = {"mcp-session-id", session, "accept", "application/json"};
        HttpResponse<String> parse = raw(key, "{\"jsonrpc\":\"2.0\",", h);
        assertEquals(400, parse.statusCode());
        assertEquals(JsonRpc.PARSE_ERROR, rpcCode(parse));
        for (String invalid : List.of("[]", "42", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", "{\"jsonrpc\":\"2.0\",\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":[1]}")) {
            HttpResponse<String> r = raw(key, invalid, h);
            assertEquals(400, r.statusCode(), invalid + " -> " + r.body());
            assertEquals(JsonRpc.INVALID_REQUEST, rpcCode(r), invalid);
        }
        HttpResponse<String> unknown = raw(key, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"resources/list\"}", h);
        assertEquals(JsonRpc.METHOD_NOT_FOUND, rpcCode(unknown));
        assertEquals(7, JSON.readTree(unknown.body()).get("id").asInt());
        HttpResponse<String> noName = raw(key, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{}}", h);
        assertEquals(JsonRpc.INVALID_PARAMS, rpcCode(noName));
        HttpResponse<String> badArgs = raw(key, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"sentiment\",\"arguments\":[]}}", h);
        assertEquals(JsonRpc.INVALID_PARAMS, rpcCode(badArgs));
    }

    @Test
    void sessions_are_required_bound_to_the_tenant_and_end_on_delete(
            GatewayApp app, @Key("mcp-sessions") String key, @Key("mcp-sessions-other") String other) throws Exception {
        String session = session(key);
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
        assertEquals(400, raw(key, ping).statusCode(), "no session id");
        assertEquals(404, raw(other, ping, "mcp-session-id", session).statusCode(), "another tenant's session is unknown");
        assertEquals(202, raw(key, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "mcp-session-id", session).statusCode(), "a notification is accepted without a body");
        assertEquals(400, raw(key, ping, "mcp-session-id", session, "mcp-protocol-version", "1999-01-01").statusCode());
        HttpResponse<String> sse = raw(key, ping, "mcp-session-id", session, "accept", "text/event-stream");
        assertEquals(200, sse.statusCode());
        assertTrue(sse.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        assertTrue(sse.body().startsWith("event: message\ndata: {"), sse.body());
        HttpRequest get = HttpRequest.newBuilder(app.uri("/mcp")).header("authorization", "Bearer " + key).GET().build();
        assertEquals(405, app.send(get).statusCode(), "no server-initiated stream is offered");
        HttpRequest delete = HttpRequest.newBuilder(app.uri("/mcp")).header("authorization", "Bearer " + key)
                .header("mcp-session-id", session).DELETE().build();
        assertEquals(204, app.send(delete).statusCode());
        assertEquals(404, raw(key, ping, "mcp-session-id", session).statusCode(), "an ended session is gone");
    }

    @Test
    void a_foreign_browser_origin_is_refused_and_the_gateways_own_is_served(
            GatewayApp app, @Key("mcp-origin") String key) throws Exception {
        String session = session(key);
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}";
        // Micronaut's CORS filter already refuses non-local origins on a localhost server; another local
        // page (a different port) is what only this guard stops, and what DNS rebinding looks like.
        assertEquals(403, raw(key, ping, "mcp-session-id", session, "origin", "http://evil.example").statusCode());
        HttpResponse<String> foreign = raw(key, ping, "mcp-session-id", session, "origin", "http://localhost:1");
        assertEquals(403, foreign.statusCode(), foreign.body());
        assertEquals("origin_not_allowed", JSON.readTree(foreign.body()).at("/error/code").asText(), foreign.body() + " " + foreign.headers().map());
        String own = "http://" + app.uri("/").getAuthority();
        assertEquals(200, raw(key, ping, "mcp-session-id", session, "origin", own).statusCode());
    }

    @Test
    void no_key_gets_401_pointing_at_the_protected_resource_metadata(GatewayApp app) throws Exception {
        HttpResponse<String> denied = raw(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertEquals(401, denied.statusCode());
        String challenge = denied.headers().firstValue("www-authenticate").orElseThrow();
        assertTrue(challenge.startsWith("Bearer resource_metadata=\""), challenge);
        String url = challenge.substring(challenge.indexOf('"') + 1, challenge.lastIndexOf('"'));
        assertTrue(url.endsWith("/.well-known/oauth-protected-resource"), url);
        HttpResponse<String> metadata = app.send(HttpRequest.newBuilder(java.net.URI.create(url)).GET().build());
        assertEquals(200, metadata.statusCode(), metadata.body());
        JsonNode body = JSON.readTree(metadata.body());
        assertTrue(body.get("resource").asText().endsWith("/mcp"), body.toString());
        assertEquals("header", body.at("/bearer_methods_supported/0").asText());
    }
}
