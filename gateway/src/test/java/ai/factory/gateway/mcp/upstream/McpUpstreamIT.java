package ai.factory.gateway.mcp.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.mcp.JsonRpc;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.McpAgents;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The governed MCP gateway end to end: two upstream MCP servers (WireMock speaking JSON-RPC over
 * streamable HTTP), registered through the admin API, aggregated behind the gateway's /mcp, with
 * the MCP Java SDK's client as the agent. Own Redis database (50): it reads its usage rows.
 */
class McpUpstreamIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "sk-upstream-secret-0123456789";
    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(50)
            .properties(UsageFixtures.quickFlush())
            .channelKey()
            // Three failed calls in a row open a breaker; one slow call among good ones does not.
            .property("gateway.mcp.upstream.breaker-failure-rate", 100)
            .property("gateway.mcp.upstream.breaker-minimum-calls", 3)
            .property("gateway.mcp.upstream.breaker-window", 3)
            .property("gateway.mcp.upstream.breaker-open-for", "5s")
            .tenant("acme").tenant("globex").tenant("audit")
            .build();

    private static UpstreamStub search;
    private static UpstreamStub files;
    private static GatewayApp app;

    @BeforeAll
    static void start() throws Exception {
        app = gw.app();
        search = new UpstreamStub("search", List.of("query", "whoami", "slow", "limited", "broken", "secret_admin"), 3000);
        files = new UpstreamStub("files", List.of("read", "write"), 0);
        Admin.call(app, "POST", "/admin/mcp/upstreams", JSON.writeValueAsString(Map.of(
                "name", "search", "url", search.url(), "headers", Map.of("Authorization", "Bearer " + SECRET),
                "timeout_ms", 1000, "tool_requests_per_minute", Map.of("limited", 2),
                "tenants", Map.of("acme", List.of("query", "whoami", "slow", "limited", "broken"), "globex", List.of("query"),
                        "audit", List.of("query", "slow", "limited")))));
        Admin.call(app, "POST", "/admin/mcp/upstreams", JSON.writeValueAsString(Map.of(
                "name", "files", "url", files.url(), "tenants", Map.of("*", List.of("read")))));
    }

    @AfterAll
    static void stop() {
        search.close();
        files.close();
    }

    private static McpSyncClient agent(String tenant) {
        return McpAgents.connected(app, app.newKey(tenant, List.of()));
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool) {
        return client.callTool(new McpSchema.CallToolRequest(tool, Map.of("q", "hello")));
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void a_tenant_sees_its_products_and_only_the_upstream_tools_granted_to_it() {
        try (McpSyncClient globex = agent("globex"); McpSyncClient acme = agent("acme")) {
            List<McpSchema.Tool> globexTools = globex.listTools().tools();
            Set<String> names = globexTools.stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
            assertTrue(names.containsAll(Set.of("search__query", "files__read", "sentiment")), names.toString());
            assertFalse(names.contains("search__whoami"), "not granted to globex");
            assertFalse(names.contains("files__write"), "granted to no one");
            McpSchema.Tool query = globexTools.stream().filter(t -> t.name().equals("search__query")).findFirst().orElseThrow();
            assertEquals("search tool query", query.description(), "the upstream's description");
            assertEquals("object", query.inputSchema().get("type"), "the upstream's input schema");

            Set<String> acmeNames = acme.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
            assertTrue(acmeNames.containsAll(Set.of("search__query", "search__whoami", "search__slow", "files__read")),
                    acmeNames.toString());
            assertFalse(acmeNames.contains("search__secret_admin"));
            assertEquals("query hello", text(call(globex, "search__query")), "the upstream got its own tool name");
        }
    }

    @Test
    void an_upstream_tool_list_is_fetched_once_for_many_tenants_and_requests_while_it_is_fresh() {
        try (McpSyncClient acme = agent("acme"); McpSyncClient globex = agent("globex")) {
            acme.listTools();
            int fetched = search.lists();
            assertTrue(fetched >= 1);
            acme.listTools();
            globex.listTools();
            assertEquals(fetched, search.lists(), "served from the gateway's copy (tools-ttl 30 s)");
        }
    }

    @Test
    void a_call_to_a_tool_not_granted_is_an_unknown_tool_and_never_reaches_the_upstream() {
        int whoami = search.calls("whoami");
        try (McpSyncClient acme = agent("acme"); McpSyncClient globex = agent("globex")) {
            for (String denied : List.of("search__secret_admin", "files__write", "nosuch__tool")) {
                McpError refused = assertThrows(McpError.class, () -> call(acme, denied));
                assertEquals(JsonRpc.INVALID_PARAMS, refused.getJsonRpcError().code(), refused.getMessage());
            }
            McpError refused = assertThrows(McpError.class, () -> call(globex, "search__whoami"));
            assertEquals(JsonRpc.INVALID_PARAMS, refused.getJsonRpcError().code());
        }
        assertEquals(0, search.calls("secret_admin"));
        assertEquals(0, files.calls("write"));
        assertEquals(whoami, search.calls("whoami"), "globex's denied call of a tool acme may use never reached it");
    }

    @Test
    void the_injected_credential_reaches_the_upstream_and_never_the_client() throws Exception {
        try (McpSyncClient acme = agent("acme")) {
            McpSchema.CallToolResult result = call(acme, "search__whoami");
            assertFalse(Boolean.TRUE.equals(result.isError()));
            assertEquals("you sent [redacted]", text(result), "the upstream echoed it; the gateway took it out");
        }
        assertTrue(search.authorizations("whoami").contains("Bearer " + SECRET), "the upstream got the credential");
        assertEquals(0, files.authorizations("read").stream().filter(a -> a != null && a.contains(SECRET)).count(),
                "another upstream never gets it");
        String view = Admin.call(app, "GET", "/admin/mcp/upstreams/search", null).body();
        assertFalse(view.contains(SECRET), view);
        assertEquals("[\"Authorization\"]", JSON.readTree(view).get("header_names").toString());
        assertFalse(Admin.call(app, "GET", "/admin/mcp/upstreams", null).body().contains(SECRET));
    }

    @Test
    void an_upstream_json_rpc_error_reaches_the_client_with_its_code_and_without_the_credential() {
        try (McpSyncClient acme = agent("acme")) {
            McpError error = assertThrows(McpError.class, () -> call(acme, "search__broken"));
            assertEquals(-32602, error.getJsonRpcError().code());
            assertEquals("upstream 'search': q refused for [redacted]", error.getJsonRpcError().message());
            assertEquals("query hello", text(call(acme, "search__query")), "a refused request is no outage");
        }
        assertTrue(search.authorizations("broken").contains("Bearer " + SECRET));
    }

    @Test
    void an_upstream_whose_credentials_do_not_open_is_left_out_and_the_others_stay() throws Exception {
        String url = app.context().getRequiredProperty("datasources.default.url", String.class);
        sql(url, "insert into mcp_upstreams (name, url, credentials, credential_names, timeout_ms, grants) values"
                + " ('corrupt', 'http://localhost:1/mcp', decode('01' || repeat('00', 40), 'hex'), 'Authorization', 1000,"
                + " '{\"acme\":[\"*\"]}')");
        try {
            app.context().getBean(UpstreamRegistry.class).reload();
            try (McpSyncClient acme = agent("acme")) {
                Set<String> names = acme.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
                assertTrue(names.containsAll(Set.of("search__query", "files__read")), names.toString());
                assertTrue(names.stream().noneMatch(n -> n.startsWith("corrupt__")), names.toString());
                McpError unknown = assertThrows(McpError.class, () -> call(acme, "corrupt__anything"));
                assertEquals(JsonRpc.INVALID_PARAMS, unknown.getJsonRpcError().code());
            }
        } finally {
            sql(url, "delete from mcp_upstreams where name = 'corrupt'");
            app.context().getBean(UpstreamRegistry.class).reload();
        }
    }

    private static void sql(String url, String statement) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", "")) {
            c.createStatement().execute(statement);
        }
    }

    @Test
    void a_per_tool_limit_refuses_the_call_over_it_with_the_retry_time() {
        try (McpSyncClient acme = agent("acme")) {
            int before = search.calls("limited");
            assertFalse(Boolean.TRUE.equals(call(acme, "search__limited").isError()));
            assertFalse(Boolean.TRUE.equals(call(acme, "search__limited").isError()));
            McpError limited = assertThrows(McpError.class, () -> call(acme, "search__limited"));
            assertEquals(JsonRpc.RATE_LIMITED, limited.getJsonRpcError().code(), limited.getMessage());
            long retry = JSON.valueToTree(limited.getJsonRpcError().data()).path("retryAfterSeconds").asLong();
            assertTrue(retry >= 1 && retry <= 60, "retry after " + retry + " s");
            assertEquals(before + 2, search.calls("limited"), "the refused call never reached the upstream");
            assertFalse(Boolean.TRUE.equals(call(acme, "search__query").isError()), "another tool has its own limit");
        }
    }

    @Test
    void a_call_the_upstream_does_not_answer_in_time_ends_at_the_timeout_as_a_tool_error() {
        try (McpSyncClient acme = agent("acme")) {
            McpSchema.CallToolResult result = call(acme, "search__slow");
            assertTrue(Boolean.TRUE.equals(result.isError()));
            assertEquals("the upstream MCP server 'search' did not answer within 1000 ms", text(result));
        }
    }

    @Test
    void an_upstream_outage_opens_its_breaker_the_other_upstream_keeps_answering_and_it_closes_on_recovery() throws Exception {
        try (UpstreamStub flaky = new UpstreamStub("flaky", List.of("ping"), 0); McpSyncClient acme = agent("acme")) {
            Admin.call(app, "POST", "/admin/mcp/upstreams", JSON.writeValueAsString(Map.of(
                    "name", "flaky", "url", flaky.url(), "tenants", Map.of("acme", List.of("*")))));
            assertEquals("ping hello", text(call(acme, "flaky__ping")));
            flaky.outage();
            McpError open = null;
            for (int i = 0; i < 5 && open == null; i++) {
                try {
                    assertTrue(Boolean.TRUE.equals(call(acme, "flaky__ping").isError()), "a failed call is a tool error");
                } catch (McpError e) {
                    open = e;
                }
            }
            assertTrue(open != null, "the breaker opened");
            assertEquals(JsonRpc.UPSTREAM_UNAVAILABLE, open.getJsonRpcError().code(), open.getMessage());
            assertTrue(JSON.valueToTree(open.getJsonRpcError().data()).path("retryAfterSeconds").asLong() >= 1);
            int reached = flaky.allCalls();
            McpError again = assertThrows(McpError.class, () -> call(acme, "flaky__ping"));
            assertEquals(JsonRpc.UPSTREAM_UNAVAILABLE, again.getJsonRpcError().code());
            assertEquals(reached, flaky.allCalls(), "an open breaker refuses without reaching the upstream");
            assertEquals("query hello", text(call(acme, "search__query")), "the other upstream answers");
            assertEquals("read hello", text(call(acme, "files__read")));

            flaky.recover();
            Await.until(Duration.ofSeconds(30), () -> {
                try {
                    return "ping hello".equals(text(call(acme, "flaky__ping")));
                } catch (McpError stillOpen) {
                    return false;
                }
            }, "after breaker-open-for a trial call closes the breaker again");
        } finally {
            Admin.call(app, "DELETE", "/admin/mcp/upstreams/flaky", null);
        }
    }

    private static String rows(String url) {
        StringBuilder out = new StringBuilder();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
             java.sql.ResultSet rs = c.createStatement().executeQuery("select product, operation, endpoint, channel, status,"
                     + " http_status, input_tokens, cost_nanos from usage_events where tenant_id = 'audit'")) {
            while (rs.next()) {
                for (int i = 1; i <= 8; i++) {
                    out.append(rs.getString(i)).append(i == 8 ? "\n" : " ");
                }
            }
        } catch (java.sql.SQLException e) {
            out.append(e);
        }
        return out.toString();
    }

    @Test
    void every_upstream_tool_call_leaves_a_usage_row_with_channel_mcp_and_zero_tokens() {
        try (McpSyncClient audit = agent("audit")) {
            call(audit, "search__query");
            call(audit, "search__slow");
            call(audit, "search__limited");
            call(audit, "search__limited");
            assertThrows(McpError.class, () -> call(audit, "search__limited"));
        }
        String url = app.context().getRequiredProperty("datasources.default.url", String.class);
        Await.until(Duration.ofSeconds(20), () -> UsageFixtures.count(url,
                "select count(*) from usage_events where tenant_id = 'audit'") == 5, "five ledger rows");
        String row = "select count(*) from usage_events where tenant_id = 'audit' and channel = 'mcp'"
                + " and operation = 'execute_tool' and endpoint = 'search' and input_tokens = 0 and output_tokens = 0"
                + " and cost_nanos = 0 and product = ? and status = ? and http_status = ?";
        assertEquals(1, UsageFixtures.count(url, row, "search__query", "ok", 200), rows(url));
        assertEquals(1, UsageFixtures.count(url, row, "search__slow", "error", 504));
        assertEquals(2, UsageFixtures.count(url, row, "search__limited", "ok", 200));
        assertEquals(1, UsageFixtures.count(url, row, "search__limited", "rejected", 429));
        assertEquals(1, UsageFixtures.count(url, "select count(*) from usage_events where tenant_id = 'audit'"
                + " and product = 'search__slow' and latency_ms >= 1000"), "latency is the call's, timeout included");
    }
}
