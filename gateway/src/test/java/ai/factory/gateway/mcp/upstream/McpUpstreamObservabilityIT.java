package ai.factory.gateway.mcp.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.mcp.JsonRpc;
import ai.factory.gateway.observe.InMemorySpans;
import ai.factory.gateway.observe.log.AccessLogObserver;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.McpAgents;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Upstream MCP tool calls reach the same observers as pipeline requests: a metric series per
 * listed tool (a made-up tool name only ever counts as {@code unknown}), an {@code execute_tool}
 * span carrying {@code gen_ai.tool.name}, and an access-log line without the call's arguments.
 * One ok call, one call of a tool the upstream never listed, then an outage until the breaker
 * opens and refuses a call, which is counted as an error (503), not as a tenant's rejection.
 */
class McpUpstreamObservabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARGUMENT = "private-argument-7f3a";
    private static final ListAppender<ILoggingEvent> ACCESS = new ListAppender<>();
    private static final Logger ACCESS_LOGGER = (Logger) LoggerFactory.getLogger(AccessLogObserver.LOGGER);
    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .channelKey()
            .property("test.spans.in-memory", "true")
            .property("gateway.tracing.sample-ratio", "1")
            .property("gateway.mcp.upstream.breaker-failure-rate", 100)
            .property("gateway.mcp.upstream.breaker-minimum-calls", 3)
            .property("gateway.mcp.upstream.breaker-window", 3)
            .property("gateway.mcp.upstream.breaker-open-for", "60s")
            .tenant("watch")
            .build();

    private static UpstreamStub metered;
    private static GatewayApp app;
    private static McpError refused;

    @BeforeAll
    static void traffic() throws Exception {
        ACCESS.start();
        ACCESS_LOGGER.addAppender(ACCESS);
        InMemorySpans.EXPORTER.reset();
        metered = new UpstreamStub("metered", List.of("ping"), 0);
        app = gw.app();
        Admin.call(app, "POST", "/admin/mcp/upstreams", JSON.writeValueAsString(Map.of(
                "name", "metered", "url", metered.url(), "tenants", Map.of("watch", List.of("*")))));
        try (McpSyncClient watch = agent("watch")) {
            assertTrue(watch.listTools().tools().stream().anyMatch(t -> t.name().equals("metered__ping")));
            assertFalse(Boolean.TRUE.equals(call(watch, "metered__ping").isError()));
            // Granted by "*" but never listed by the upstream (the stub answers any name): made up.
            assertFalse(Boolean.TRUE.equals(call(watch, "metered__made_up_tool").isError()));
            metered.outage();
            for (int i = 0; i < 6 && refused == null; i++) {
                try {
                    call(watch, "metered__ping");
                } catch (McpError open) {
                    refused = open;
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        ACCESS_LOGGER.detachAppender(ACCESS);
        metered.close();
    }

    private static McpSyncClient agent(String tenant) {
        return McpAgents.connected(app, app.newKey(tenant, List.of()));
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool) {
        return client.callTool(new McpSchema.CallToolRequest(tool, Map.of("q", ARGUMENT)));
    }

    private static List<String> series(String scrape, String metric, String... labels) {
        List<String> found = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith(metric + "{") && List.of(labels).stream().allMatch(line::contains)) {
                found.add(line);
            }
        }
        return found;
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void each_listed_tool_has_its_series_and_a_made_up_tool_name_counts_only_as_unknown() {
        String scrape = scrape();
        List<String> ok = series(scrape, "gateway_requests_total", "product=\"metered__ping\"",
                "operation=\"execute_tool\"", "status=\"ok\"", "http_status=\"200\"");
        assertEquals(1, ok.size(), scrape);
        assertEquals(1.0, value(ok.get(0)));
        List<String> duration = series(scrape, "gen_ai_execute_tool_duration_seconds_count",
                "gen_ai_tool_name=\"metered__ping\"", "gen_ai_operation_name=\"execute_tool\"", "status=\"ok\"");
        assertEquals(1, duration.size(), scrape);
        assertEquals(1.0, value(duration.get(0)));
        assertFalse(scrape.contains("made_up_tool"), "a tool name the upstream never listed is no label");
        List<String> unknown = series(scrape, "gateway_requests_total", "product=\"unknown\"",
                "operation=\"execute_tool\"", "status=\"ok\"");
        assertEquals(1, unknown.size(), scrape);
    }

    @Test
    void a_call_refused_by_the_open_breaker_is_counted_as_an_error_with_503() {
        assertNotNull(refused, "the breaker opened");
        assertEquals(JsonRpc.UPSTREAM_UNAVAILABLE, refused.getJsonRpcError().code());
        String scrape = scrape();
        List<String> open = series(scrape, "gateway_requests_total", "product=\"metered__ping\"",
                "operation=\"execute_tool\"", "status=\"error\"", "http_status=\"503\"");
        assertEquals(1, open.size(), scrape);
        assertEquals(1.0, value(open.get(0)));
        assertTrue(series(scrape, "gateway_requests_total", "product=\"metered__ping\"", "status=\"rejected\"").isEmpty(),
                "an upstream's outage is not the tenant's rate limit");
        assertFalse(series(scrape, "gen_ai_execute_tool_duration_seconds_count", "gen_ai_tool_name=\"metered__ping\"",
                "status=\"error\"").isEmpty(), "failed calls have their duration too");
    }

    @Test
    void prometheus_needs_the_admin_token() {
        assertEquals(401, app.get("/prometheus", null).statusCode());
    }

    @Test
    void each_call_has_an_execute_tool_span_with_the_tool_name_and_no_argument() {
        List<SpanData> spans = InMemorySpans.EXPORTER.getFinishedSpanItems();
        List<SpanData> tool = spans.stream().filter(s -> s.getName().equals("execute_tool metered__ping")).toList();
        assertTrue(tool.size() >= 2, spans.toString());
        SpanData ok = tool.get(0);
        assertEquals(SpanKind.INTERNAL, ok.getKind());
        assertEquals("metered__ping", ok.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")));
        assertEquals("execute_tool", ok.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")));
        assertTrue(ok.getParentSpanContext().isValid(), "a child of the /mcp request's span");
        assertTrue(tool.stream().anyMatch(s -> s.getStatus().getStatusCode() == io.opentelemetry.api.trace.StatusCode.ERROR
                && "503".equals(s.getAttributes().get(AttributeKey.stringKey("error.type")))), tool.toString());
        for (SpanData span : spans) {
            span.getAttributes().forEach((k, v) -> assertFalse(String.valueOf(v).contains(ARGUMENT), k.getKey()));
        }
    }

    @Test
    void each_call_has_an_access_log_line_without_its_arguments() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(ACCESS.list)) {
            assertFalse(event.getFormattedMessage().contains(ARGUMENT), event.getFormattedMessage());
            lines.add(JSON.readTree(event.getFormattedMessage()));
        }
        JsonNode ok = lines.stream().filter(l -> l.path("product").asText().equals("metered__ping")
                && l.path("status").asText().equals("ok")).findFirst().orElseThrow(() -> new AssertionError(lines));
        assertEquals("execute_tool", ok.path("operation").asText());
        assertEquals("metered", ok.path("endpoint").asText(), "the upstream's name, never its URL");
        assertEquals("watch", ok.path("tenant").asText());
        assertTrue(lines.stream().anyMatch(l -> l.path("product").asText().equals("metered__ping")
                && l.path("http_status").asInt() == 503), lines.toString());
    }

    private static String scrape() {
        HttpResponse<String> response = app.get("/prometheus", GatewayApp.ADMIN_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
