package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream the client abandons halfway is settled to what it actually used: the budget counter
 * is charged the prompt plus the tokens streamed so far, not the reservation, and the ledger
 * records the same numbers, marked estimated.
 */
class StreamSettlementIT {

    private record LedgerRow(long input, long output, boolean estimated, String status) {
    }

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(13)
            .properties(UsageFixtures.quickFlush())
            .emulator("slow", EmulatorConfig.builder().ttftMillis(10).interTokenMillis(150))
            .alias("chat-default", "slow")
            .tenant("halfway")
            .build();

    @Test
    void stream_cancelled_halfway_is_charged_what_it_used_not_what_it_reserved(GatewayApp app, @Key("halfway") String key)
            throws Exception {
        try (RedisClient client = RedisClient.create(gw.redisUri());
             StatefulRedisConnection<String, String> redis = client.connect()) {
            Admin.policy(app, "halfway", "{\"daily_tokens\":1000000}");
            HttpResponse<InputStream> response = app.http().send(HttpRequest.newBuilder(app.uri("/v1/chat/completions"))
                    .header("authorization", "Bearer " + key).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            Bodies.chat("chat-default").stream().maxTokens(400).user("a long story").json()))
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

            LedgerRow ledger = Await.until(Duration.ofSeconds(20), () -> ledgerRow(requestId), r -> r != null,
                    "request " + requestId + " to reach the ledger");
            assertEquals("cancelled", ledger.status());
            long used = ledger.input() + ledger.output();
            String day = DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
            long counter = Long.parseLong(redis.sync().hget(new RedisKeys(16).limiter("halfway") + ":t", "dtok:" + day));
            assertEquals(used, counter, "the budget holds exactly what the ledger bills");
            assertTrue(ledger.output() >= 3 && ledger.output() < 400, "output counted so far: " + ledger.output());
            assertTrue(counter < 400, "the unused reservation was given back: " + counter);
            assertEquals(1, ledger.estimated() ? 1 : 0, "marked estimated");
        }
    }

    /** The request's ledger row, or null until the flusher has landed it. */
    private static LedgerRow ledgerRow(String requestId) {
        try (Connection c = DriverManager.getConnection(gw.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select input_tokens, output_tokens, estimated, status from usage_events"
                     + " where request_id = '" + requestId + "'")) {
            return r.next() ? new LedgerRow(r.getLong(1), r.getLong(2), r.getBoolean(3), r.getString(4)) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
