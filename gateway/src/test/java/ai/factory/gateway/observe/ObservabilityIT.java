package ai.factory.gateway.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real traffic through a real gateway shows up as GenAI metrics on /prometheus, as gen_ai spans in
 * the exporter, and as numbers on the ops metrics API. Needs the pipeline to call the observers.
 */
class ObservabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GatewayFixture gw = ObservedGateway.fixture()
            .property("test.spans.in-memory", "true")
            .property("gateway.tracing.sample-ratio", "1")
            .build();

    @BeforeAll
    static void traffic() {
        InMemorySpans.EXPORTER.reset();
        ObservedGateway.driveTraffic(gw);
    }

    @Test
    void prometheus_exports_the_genai_metrics_for_the_traffic() {
        String scrape = ObservedGateway.scrape(gw.app());
        for (String name : List.of("gen_ai_client_token_usage_sum{", "gen_ai_server_request_duration_seconds_bucket{",
                "gen_ai_server_time_to_first_token_seconds_bucket{", "gen_ai_server_time_per_output_token_seconds_bucket{",
                "gateway_requests_total{", "gateway_fallbacks_total{", "gateway_cache_lookups_total{",
                "gateway_cost_dollars_total{", "gateway_endpoint_in_flight{", "gateway_endpoint_circuit_state{")) {
            assertTrue(scrape.contains(name), name + " missing from /prometheus");
        }
        assertTrue(scrape.contains("gen_ai_token_type=\"output\""), "token usage by type");
        assertTrue(scrape.contains("tenant=\"acme\"") && scrape.contains("tenant=\"globex\""), "tenant labels");
        assertTrue(scrape.contains("status=\"error\""), "the failed request is counted as an error");
    }

    @Test
    void each_request_has_a_gen_ai_span_inside_its_server_trace() {
        List<SpanData> spans = InMemorySpans.EXPORTER.getFinishedSpanItems();
        List<SpanData> genAi = spans.stream().filter(s -> s.getName().startsWith("chat ")).toList();
        assertEquals(8, genAi.size(), "one gen_ai span per request: " + spans);
        SpanData fallback = genAi.stream().filter(s -> s.getName().equals("chat chat-fallback")).findFirst().orElseThrow();
        assertEquals(1L, fallback.getAttributes().get(AttributeKey.longKey("gateway.fallbacks")));
        assertEquals("gpu", fallback.getAttributes().get(AttributeKey.stringKey("gateway.pool")));
        SpanData ok = genAi.stream().filter(s -> s.getName().equals("chat chat-default")).findFirst().orElseThrow();
        assertNotNull(ok.getAttributes().get(AttributeKey.stringKey("tenant.id")));
        assertTrue(ok.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")) > 0);
        assertTrue(ok.getParentSpanContext().isValid(), "the gen_ai span is a child of the request's span");
        assertTrue(spans.stream().anyMatch(s -> s.getSpanContext().getSpanId().equals(ok.getParentSpanId())),
                "its parent, the server span, is exported too");
        // The request path's stages are children of the same server span.
        for (String stage : List.of("gateway.authenticate", "gateway.admit")) {
            assertTrue(spans.stream().anyMatch(s -> s.getName().startsWith(stage)
                    && s.getParentSpanId().equals(ok.getParentSpanId())), stage + " span in the request's trace: " + spans);
        }
        String prompt = "tell me about observability";
        for (SpanData span : spans) {
            span.getAttributes().forEach((k, v) -> assertFalse(String.valueOf(v).contains(prompt), k.getKey()));
        }
    }

    @Test
    void ops_metrics_api_needs_the_admin_token_and_adds_up_the_traffic(GatewayApp app) throws Exception {
        assertEquals(401, app.get("/admin/ops/metrics", null).statusCode());
        HttpResponse<String> response = app.get("/admin/ops/metrics", GatewayApp.ADMIN_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode m = JSON.readTree(response.body());
        assertEquals(8, m.get("requests").asLong());
        assertEquals(1.0 / 8, m.get("error_rate").asDouble(), 1e-9);
        assertEquals(2.0 / 8, m.get("fallback_rate").asDouble(), 1e-9);
        assertTrue(m.at("/latency_seconds/p50").asDouble() > 0);
        assertTrue(m.at("/tokens/output").asLong() > 0);
        assertEquals(2, m.get("endpoints").size());
    }

    @Test
    void ops_page_and_its_chart_library_are_served_from_the_gateway(GatewayApp app) {
        HttpResponse<String> page = app.get("/ops", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/ops/chart.umd.min.js"));
        HttpResponse<String> chart = app.get("/ops/chart.umd.min.js", null);
        assertEquals(200, chart.statusCode());
        assertTrue(chart.body().contains("Chart.js"), "the Chart.js bundle");
        assertEquals(404, app.get("/ops/..%2Fapplication.yml", null).statusCode());
    }
}
