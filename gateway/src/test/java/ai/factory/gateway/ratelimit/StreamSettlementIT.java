package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.GatewayApp;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stream the client abandons halfway is settled to what it actually used: the budget counter
 * is charged the prompt plus the tokens streamed so far, not the reservation, and the ledger
 * records the same numbers, marked estimated.
 */
class StreamSettlementIT {

    @Test
    void stream_cancelled_halfway_is_charged_what_it_used_not_what_it_reserved() throws Exception {
        try (Emulator slow = Emulator.start(EmulatorConfig.builder().port(0).ttftMillis(10).interTokenMillis(150).build())) {
            Map<String, Object> props = UsageFixtures.appProperties(13);
            GatewayApp.pool(props, "slow", 8, slow.baseUrl());
            GatewayApp.alias(props, "chat-default", "slow");
            try (GatewayApp app = GatewayApp.start(props);
                 RedisClient client = UsageFixtures.redis(13);
                 StatefulRedisConnection<String, String> redis = client.connect()) {
                String key = app.newKey("halfway", List.of());
                Admin.policy(app, "halfway", "{\"daily_tokens\":1000000}");
                HttpResponse<InputStream> response = app.http().send(HttpRequest.newBuilder(app.uri("/v1/chat/completions"))
                        .header("authorization", "Bearer " + key).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"chat-default\",\"stream\":true,"
                                + "\"max_tokens\":400,\"messages\":[{\"role\":\"user\",\"content\":\"a long story\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofInputStream());
                String requestId = response.headers().firstValue("x-request-id").orElseThrow();
                BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
                int chunks = 0;
                String line;
                while (chunks < 4 && (line = reader.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        chunks++;
                    }
                }
                reader.close();

                long[] ledger = awaitLedgerRow(app, requestId);
                long used = ledger[0] + ledger[1];
                String day = DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
                long counter = Long.parseLong(redis.sync().get(new ai.factory.gateway.redis.RedisKeys(16).limiter("halfway") + ":t:dtok:" + day));
                assertEquals(used, counter, "the budget holds exactly what the ledger bills");
                assertTrue(ledger[1] >= 3 && ledger[1] < 400, "output counted so far: " + ledger[1]);
                assertTrue(counter < 400, "the unused reservation was given back: " + counter);
                assertEquals(1, ledger[2], "marked estimated");
            }
        }
    }

    /** input, output, estimated (1/0) of the request's ledger row, once the flusher landed it. */
    private static long[] awaitLedgerRow(GatewayApp app, String requestId) throws Exception {
        String url = app.context().getRequiredProperty("datasources.default.url", String.class);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(url, "postgres", "");
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("select input_tokens, output_tokens, estimated, status from usage_events"
                         + " where request_id = '" + requestId + "'")) {
                if (r.next()) {
                    assertEquals("cancelled", r.getString(4));
                    return new long[] {r.getLong(1), r.getLong(2), r.getBoolean(3) ? 1 : 0};
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("request " + requestId + " never reached the ledger");
    }
}
