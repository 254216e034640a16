package ai.factory.gateway.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /admin/requests over real HTTP, on the ledger the flusher really landed: find by request id,
 * filter, page through with the cursor without losing or repeating a row, refuse bad input, and
 * say so when the ledger cannot be read.
 */
class RequestExplorerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ACME_IDS = new ArrayList<>();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .unreachable("dead")
            .alias("chat-default", "gpu")
            .alias("chat-broken", "dead")
            .tenant("acme")
            .tenant("globex")
            .build();
    private static GatewayApp app;

    @BeforeAll
    static void send() throws Exception {
        app = gw.app();
        String acme = gw.key("acme");
        String globex = gw.key("globex");
        for (int i = 0; i < 5; i++) {
            String id = "explorer-acme-" + i;
            ACME_IDS.add(id);
            assertEquals(200, app.post("/v1/chat/completions", acme, chat("chat-default", i),
                    "x-request-id", id, "traceparent", "00-" + traceId(i) + "-00f067aa0ba902b7-01").statusCode());
        }
        assertTrue(app.post("/v1/chat/completions", acme, chat("chat-broken", 9), "x-request-id",
                "explorer-acme-broken").statusCode() >= 500);
        assertEquals(200, app.post("/v1/chat/completions", globex, chat("chat-default", 7), "x-request-id",
                "explorer-globex-0").statusCode());
        Await.until(Duration.ofSeconds(30), () -> rows() >= 7, "the ledger holding 7 requests");
    }

    private static String chat(String model, int n) {
        return Bodies.chat(model).user("hi " + n).maxTokens(8).json();
    }

    /** The caller's trace of request i: the ledger row must name it. */
    private static String traceId(int i) {
        return "4bf92f3577b34da6a3ce929d0e0e47" + String.format("%02d", 30 + i);
    }

    private static JsonNode explore(String query) throws Exception {
        HttpResponse<String> response = app.get("/admin/requests" + query, GatewayApp.ADMIN_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static int rows() {
        try {
            return explore("?limit=200").get("data").size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void finds_one_request_by_its_id_with_tokens_cost_latency_and_cache_outcome() throws Exception {
        JsonNode page = explore("?request_id=explorer-acme-3");
        assertEquals(1, page.get("data").size(), page.toString());
        JsonNode row = page.at("/data/0");
        // The ledger's identity is the gateway's own id; the client's id is kept for correlation.
        assertEquals("explorer-acme-3", row.get("client_request_id").asText());
        assertTrue(row.get("request_id").asText().startsWith("req_"), row.toString());
        assertEquals(traceId(3), row.get("trace_id").asText(), "the row names the caller's trace");
        assertEquals("acme", row.get("tenant").asText());
        assertEquals("chat-default", row.get("model").asText());
        assertEquals("ok", row.get("status").asText());
        assertEquals(200, row.get("http_status").asInt());
        assertTrue(row.get("input_tokens").asLong() > 0 && row.get("output_tokens").asLong() > 0, row.toString());
        assertTrue(row.get("cost_usd").asDouble() > 0, row.toString());
        assertEquals("miss", row.get("cache").asText());
        assertEquals(0, row.get("fallbacks").asInt());
        assertTrue(row.get("latency_ms").asLong() >= 0 && row.has("ttft_ms") && row.has("trace_id"), row.toString());
        assertFalse(page.get("has_more").asBoolean());
        JsonNode byOwnId = explore("?request_id=" + row.get("request_id").asText());
        assertEquals(1, byOwnId.get("data").size(), "found by the gateway's id too: " + byOwnId);
        assertEquals("explorer-acme-3", byOwnId.at("/data/0/client_request_id").asText());
    }

    @Test
    void filters_by_tenant_status_and_model() throws Exception {
        JsonNode errors = explore("?tenant=acme&status=error");
        assertEquals(1, errors.get("data").size(), errors.toString());
        assertEquals("explorer-acme-broken", errors.at("/data/0/client_request_id").asText());
        assertEquals("chat-broken", errors.at("/data/0/model").asText());
        JsonNode globex = explore("?tenant=globex");
        assertEquals(List.of("explorer-globex-0"), ids(globex));
        assertEquals(0, explore("?model=chat-default&status=error").get("data").size());
        String future = URLEncoder.encode("2099-01-01T00:00:00Z", StandardCharsets.UTF_8);
        assertEquals(0, explore("?from=" + future + "&to=2099-01-02T00:00:00Z").get("data").size());
    }

    @Test
    void pages_through_every_row_once_with_the_cursor() throws Exception {
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = explore("?tenant=acme&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertTrue(page.get("data").size() <= 2);
            for (String id : ids(page)) {
                assertTrue(seen.add(id), "shown twice: " + id);
                order.add(id);
            }
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            assertEquals(cursor != null, page.get("has_more").asBoolean());
            pages++;
        } while (cursor != null && pages < 10);
        Set<String> expected = new HashSet<>(ACME_IDS);
        expected.add("explorer-acme-broken");
        assertEquals(expected, seen);
        assertEquals(3, pages, "6 rows, 2 a page");
        assertEquals(ids(explore("?tenant=acme&limit=200")), order, "pages follow the one-page order, newest first");
    }

    @Test
    void refuses_bad_filters_in_openai_shape() throws Exception {
        for (String query : List.of("?limit=0", "?limit=201", "?limit=ten", "?status=weird", "?cursor=bm9wZQ",
                "?from=yesterday", "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")) {
            HttpResponse<String> response = app.get("/admin/requests" + query, GatewayApp.ADMIN_TOKEN);
            assertEquals(400, response.statusCode(), query + " -> " + response.body());
            JsonNode error = JSON.readTree(response.body()).get("error");
            assertEquals("invalid_request_error", error.get("type").asText(), query);
            assertFalse(error.get("message").asText().isBlank(), query);
        }
        assertEquals(401, app.get("/admin/requests", null).statusCode());
        assertEquals(401, app.get("/admin/requests", "wrong-token").statusCode());
    }

    @Test
    void says_the_ledger_is_unavailable_when_it_cannot_be_read() throws Exception {
        try (Connection c = DriverManager.getConnection(gw.jdbcUrl(), "postgres", ""); Statement s = c.createStatement()) {
            s.execute("alter table usage_events rename to usage_events_away");
            try {
                HttpResponse<String> response = app.get("/admin/requests?tenant=acme", GatewayApp.ADMIN_TOKEN);
                assertEquals(503, response.statusCode(), response.body());
                assertEquals("ledger_unavailable", JSON.readTree(response.body()).at("/error/code").asText());
                assertTrue(response.headers().firstValue("retry-after").isPresent());
            } finally {
                s.execute("alter table usage_events_away rename to usage_events");
            }
        }
        assertNull(explore("?tenant=acme").get("next_cursor").textValue());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        // The ids the test sent: the client_request_id of each row (request_id is the gateway's own).
        page.get("data").forEach(r -> ids.add(r.get("client_request_id").asText()));
        return ids;
    }
}
