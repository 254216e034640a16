package ai.factory.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.admin.KeyService;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flood of unknown keys must not reach PostgreSQL, and one address guessing keys is slowed
 * down without touching anyone else. Database work is counted by PostgreSQL itself: the scans of
 * the {@code api_keys} table in {@code pg_stat_user_tables}.
 */
class AuthFloodIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "x-test-client";
    private static final int FAILURES_ALLOWED = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            // The tests stand for many clients by naming their address in a header, as a trusted proxy would.
            .property("gateway.auth.client-address-header", CLIENT)
            .property("gateway.auth.failures-per-minute", FAILURES_ALLOWED)
            .tenant("acme")
            .build();

    /**
     * Scans of api_keys so far, once PostgreSQL's statistics have caught up with every backend:
     * an idle backend may hold its counts up to 10 s (PGSTAT_IDLE_INTERVAL), so the value must
     * stay put for longer than that.
     */
    private static long keyTableScans() throws Exception {
        long previous = -1;
        int unchanged = 0;
        try (Connection c = DriverManager.getConnection(gw.jdbcUrl(), "postgres", ""); Statement s = c.createStatement()) {
            for (int i = 0; i < 60; i++) {
                s.execute("select pg_stat_clear_snapshot()");
                try (ResultSet r = s.executeQuery("select seq_scan + coalesce(idx_scan, 0) from pg_stat_user_tables "
                        + "where relname = 'api_keys'")) {
                    r.next();
                    long now = r.getLong(1);
                    unchanged = now == previous ? unchanged + 1 : 0;
                    if (unchanged >= 11) {
                        return now;
                    }
                    previous = now;
                }
                Thread.sleep(1000);
            }
        }
        throw new IllegalStateException("statistics of api_keys never settled");
    }

    private static String randomText(String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String randomKey(int i) {
        String base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return switch (i % 4) {
            case 0 -> randomText(base62, 32);
            case 1 -> "sk-gw-" + randomText(base62, 40);
            case 2 -> "sk-gw-v1-" + randomText(base62, 46);
            default -> "sk-" + randomText(base62 + "-_", 20 + i % 40);
        };
    }

    private static HttpResponse<String> models(String key, String address) {
        return gw.app().send(java.net.http.HttpRequest.newBuilder(gw.app().uri("/v1/models"))
                .header("authorization", "Bearer " + key).header(CLIENT, address).GET().build());
    }

    @Test
    void random_keys_are_refused_without_a_database_query(GatewayApp app, @Key("acme") String key) throws Exception {
        assertEquals(200, models(key, "10.0.0.1").statusCode());
        long before = keyTableScans();
        for (int i = 0; i < 400; i++) {
            String address = "10.1." + (i / 200) + "." + (i % 200);
            HttpResponse<String> response = i % 2 == 0 ? models(randomKey(i), address)
                    : app.send(java.net.http.HttpRequest.newBuilder(app.uri("/v1/usage?granularity=nonsense"))
                            .header("authorization", "Bearer " + randomKey(i)).header(CLIENT, address).GET().build());
            assertEquals(401, response.statusCode(), response.body());
        }
        assertEquals(before, keyTableScans(), "400 random keys cost no query on api_keys");
    }

    @Test
    void keys_in_the_old_format_still_work_and_an_unknown_one_is_looked_up_once(
            GatewayApp app, @Key("acme") String key) throws Exception {
        String old = "sk-gw-" + randomText("0123456789abcdefABCDEF", 40);
        app.context().getBean(KeyService.class).issueKey("acme", "old", List.of(), null, old);
        assertEquals(200, models(old, "10.2.0.1").statusCode());
        String chosen = "sk-gw-chosen-demo-key-" + randomText("0123456789", 10);
        app.context().getBean(KeyService.class).issueKey("acme", "chosen", List.of(), null, chosen);
        assertEquals(200, models(chosen, "10.2.0.1").statusCode(), "a key the operator chose, of any shape");
        long before = keyTableScans();
        String unknownOld = "sk-gw-" + randomText("0123456789abcdefABCDEF", 40);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, models(unknownOld, "10.2.0." + (10 + i)).statusCode());
        }
        long after = keyTableScans();
        assertTrue(after > before, "an unknown key of the old format is looked up (the counter sees queries)");
        assertTrue(after - before <= 2, "and remembered: " + (after - before) + " scans for 5 attempts");
    }

    @Test
    void one_address_guessing_keys_gets_429_and_a_valid_key_from_another_address_still_works(
            @Key("acme") String key) throws Exception {
        String attacker = "10.3.0.1";
        int refused = 0;
        HttpResponse<String> limited = null;
        for (int i = 0; i < FAILURES_ALLOWED + 10; i++) {
            HttpResponse<String> response = models(randomKey(i), attacker);
            if (response.statusCode() == 429) {
                limited = response;
                refused++;
            } else {
                assertEquals(401, response.statusCode(), response.body());
            }
        }
        assertEquals(10, refused, "the address is limited after " + FAILURES_ALLOWED + " failures");
        JsonNode error = JSON.readTree(limited.body()).get("error");
        assertEquals("rate_limit_exceeded", error.get("code").asText(), limited.body());
        assertTrue(error.has("message") && error.has("type") && error.has("param"), limited.body());
        long retryAfter = Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "retry-after " + retryAfter);
        assertEquals(429, models(randomKey(1), attacker).statusCode(), "still limited");
        assertEquals(200, models(key, "10.3.0.2").statusCode(), "another address is not affected");
    }
}
