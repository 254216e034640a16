package ai.factory.gateway.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every kind of request through the real path (streamed, not, cached, failed, cancelled, fallen
 * back) lands exactly once in the ledger, with exactly the tokens the backend reported, or the
 * gateway's estimate where it reported none.
 */
class LedgerEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Row(long input, long output, long cached, String status, boolean hit, int fallbacks, boolean estimated,
                       long cost) {
    }

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(12)
            .properties(UsageFixtures.quickFlush())
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .emulator("slow", EmulatorConfig.builder().ttftMillis(10).interTokenMillis(200))
            .unreachable("dead")
            .alias("chat-default", "gpu")
            .alias("chat-slow", "slow")
            .alias("chat-broken", "dead")
            .alias("chat-fallback", "dead", "gpu")
            .property("gateway.prices.chat-default.input", 1.0)
            .property("gateway.prices.chat-default.output", 2.0)
            .tenant("ledger")
            .build();

    private static Bodies.Chat chat(String model, String text) {
        return Bodies.chat(model).maxTokens(9).stream(false).user(text);
    }

    private static JsonNode streamUsage(String sse) throws Exception {
        JsonNode usage = null;
        for (String event : sse.split("\n\n")) {
            if (event.startsWith("data: {")) {
                JsonNode chunk = JSON.readTree(event.substring(6));
                if (chunk.hasNonNull("usage")) {
                    usage = chunk.get("usage");
                }
            }
        }
        return usage;
    }

    @Test
    void ledger_totals_equal_what_the_backends_reported(GatewayApp app, @Key("ledger") String key) throws Exception {
        Map<String, long[]> expected = new HashMap<>();

        HttpResponse<String> plain = app.post("/v1/chat/completions", key, chat("chat-default", "plain call").json());
        JsonNode u = JSON.readTree(plain.body()).get("usage");
        expected.put(id(plain), new long[] {u.get("prompt_tokens").asLong(), u.get("completion_tokens").asLong()});

        HttpResponse<String> streamedAsked = app.post("/v1/chat/completions", key,
                chat("chat-default", "streamed call").stream().includeUsage().json());
        u = streamUsage(streamedAsked.body());
        expected.put(id(streamedAsked), new long[] {u.get("prompt_tokens").asLong(), u.get("completion_tokens").asLong()});

        // Same prompt without include_usage: the client sees no usage chunk, the ledger still gets exact numbers.
        HttpResponse<String> streamedHidden = app.post("/v1/chat/completions", key,
                chat("chat-default", "streamed call").stream().json());
        assertTrue(streamUsage(streamedHidden.body()) == null, "usage chunk hidden from a client that did not ask");
        expected.put(id(streamedHidden), expected.get(id(streamedAsked)));

        HttpResponse<String> miss = app.post("/v1/chat/completions", key,
                chat("chat-default", "cache me").put("temperature", 0).json());
        HttpResponse<String> hit = app.post("/v1/chat/completions", key,
                chat("chat-default", "cache me").put("temperature", 0).json());
        assertEquals("hit", hit.headers().firstValue("x-gateway-cache").orElseThrow());
        u = JSON.readTree(miss.body()).get("usage");
        expected.put(id(miss), new long[] {u.get("prompt_tokens").asLong(), u.get("completion_tokens").asLong()});

        HttpResponse<String> failed = app.post("/v1/chat/completions", key, chat("chat-broken", "x").json());
        assertEquals(502, failed.statusCode());

        HttpResponse<String> fellBack = app.post("/v1/chat/completions", key, chat("chat-fallback", "fallback").json());
        u = JSON.readTree(fellBack.body()).get("usage");
        expected.put(id(fellBack), new long[] {u.get("prompt_tokens").asLong(), u.get("completion_tokens").asLong()});

        String cancelledId = cancelAfterTwoChunks(app, key);

        Map<String, Row> rows = awaitRows(8);
        assertEquals(8, rows.size(), rows.keySet().toString());
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            Row row = rows.get(e.getKey());
            assertEquals(e.getValue()[0], row.input(), "input tokens of " + e.getKey());
            assertEquals(e.getValue()[1], row.output(), "output tokens of " + e.getKey());
            assertEquals("ok", row.status());
            assertTrue(!row.estimated());
        }
        Row plainRow = rows.get(id(plain));
        assertEquals(plainRow.input() * 1000 + plainRow.output() * 2000, plainRow.cost(), "cost at the configured prices");
        Row hitRow = rows.get(id(hit));
        assertTrue(hitRow.hit() && hitRow.cost() == 0, "a hit costs nothing: " + hitRow);
        Row failedRow = rows.get(id(failed));
        assertEquals("error", failedRow.status());
        assertEquals(0, failedRow.input() + failedRow.output());
        assertEquals(1, rows.get(id(fellBack)).fallbacks());
        Row cancelled = rows.get(cancelledId);
        assertEquals("cancelled", cancelled.status());
        assertTrue(cancelled.estimated(), "no usage came back: the gateway counted");
        assertTrue(cancelled.output() >= 1 && cancelled.output() < 40, "counted what was streamed: " + cancelled);
    }

    private static String id(HttpResponse<?> response) {
        return response.headers().firstValue("x-request-id").orElseThrow();
    }

    private static String cancelAfterTwoChunks(GatewayApp app, String key) throws Exception {
        HttpResponse<InputStream> response = app.http().send(HttpRequest.newBuilder(app.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        Bodies.chat("chat-slow").stream().maxTokens(40).user("long one").json())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        int chunks = 0;
        String line;
        while (chunks < 3 && (line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                chunks++;
            }
        }
        reader.close();
        return id(response);
    }

    private static Map<String, Row> awaitRows(int count) {
        return Await.until(Duration.ofSeconds(20), LedgerEndToEndIT::rows, rows -> rows.size() >= count,
                count + " ledger rows of tenant 'ledger'");
    }

    private static Map<String, Row> rows() {
        Map<String, Row> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(gw.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select request_id, input_tokens, output_tokens, cached_tokens, status,"
                     + " cache_hit, fallbacks, estimated, cost_nanos from usage_events where tenant_id = 'ledger'")) {
            while (r.next()) {
                rows.put(r.getString(1), new Row(r.getLong(2), r.getLong(3), r.getLong(4), r.getString(5),
                        r.getBoolean(6), r.getInt(7), r.getBoolean(8), r.getLong(9)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the ledger", e);
        }
        return rows;
    }
}
