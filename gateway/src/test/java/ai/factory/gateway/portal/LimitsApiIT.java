package ai.factory.gateway.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.TestServers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.embedded.RedisServer;

/**
 * GET /v1/limits over real HTTP, on its own Redis (so the outage at the end hurts no other test):
 * what the tenant, its key and a product may still use, read from the same counters admission
 * uses, without taking from them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = Bodies.chat("chat-default").user("hi").maxTokens(8).json();
    private static final int REDIS_PORT = TestServers.freePort();
    private static final RedisServer REDIS = startRedis();

    /** Stops the test's own Redis after the gateway (extensions stop in reverse order). */
    @RegisterExtension
    @Order(1)
    static final AfterAllCallback STOP_REDIS = context -> REDIS.stop();

    @RegisterExtension
    @Order(2)
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .property("redis.uri", "redis://127.0.0.1:" + REDIS_PORT)
            .tenant("acme")
            .build();
    private static GatewayApp app;
    private static String key;
    private static String keyId;

    private static RedisServer startRedis() {
        try {
            RedisServer redis = RedisServer.newRedisServer().port(REDIS_PORT).bind("127.0.0.1")
                    .setting("dir " + Files.createTempDirectory("limits-redis")).setting("save \"\"").build();
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void limit() throws Exception {
        app = gw.app();
        key = gw.key("acme");
        keyId = JSON.readTree(Admin.call(app, "GET", "/admin/tenants/acme/keys", null).body()).at("/data/0/id").asText();
        Admin.policy(app, "acme", "{\"rpm\":5,\"tpm\":100000,\"daily_tokens\":1000000,\"daily_cost_usd\":10}");
        Admin.policy(app, "acme", "{\"key_id\":\"" + keyId + "\",\"rpm\":50}");
        Admin.policy(app, "acme", "{\"product\":\"summarize\",\"rpm\":4}");
    }

    private static JsonNode limits() throws Exception {
        HttpResponse<String> response = app.get("/v1/limits", key);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("cache-control").orElse(""));
        return JSON.readTree(response.body());
    }

    private static Map<String, JsonNode> byScopeAndName(JsonNode limits) {
        Map<String, JsonNode> rows = new HashMap<>();
        limits.get("limits").forEach(r -> rows.put(r.get("scope").asText() + "/" + r.get("name").asText(), r));
        return rows;
    }

    @Test
    @Order(1)
    void shows_every_limit_of_the_tenant_its_key_and_its_products_untouched_at_first() throws Exception {
        JsonNode body = limits();
        assertEquals("acme", body.get("tenant").asText());
        assertEquals("standard", body.get("tier").asText());
        assertEquals(false, body.get("degraded").asBoolean());
        Map<String, JsonNode> rows = byScopeAndName(body);
        assertEquals(5, rows.get("tenant/requests_per_minute").get("limit").asLong());
        assertEquals(5, rows.get("tenant/requests_per_minute").get("remaining").asLong());
        assertEquals(1_000_000, rows.get("tenant/daily_tokens").get("limit").asLong());
        assertEquals(10.0, rows.get("tenant/daily_cost_usd").get("limit").asDouble());
        assertEquals(1000.0, rows.get("tenant/monthly_cost_usd").get("limit").asDouble(), "the standard tier's budget");
        assertEquals(50, rows.get("key:" + keyId + "/requests_per_minute").get("limit").asLong());
        assertEquals(4, rows.get("product:summarize/requests_per_minute").get("limit").asLong());
        assertTrue(rows.get("tenant/daily_tokens").get("reset_seconds").asDouble() > 0);
    }

    @Test
    @Order(2)
    void what_remains_drops_with_use_and_looking_takes_nothing() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertEquals(200, app.post("/v1/chat/completions", key, CHAT).statusCode());
        }
        JsonNode first = limits();
        for (int i = 0; i < 5; i++) {
            limits();
        }
        JsonNode again = limits();
        Map<String, JsonNode> rows = byScopeAndName(first);
        JsonNode rpm = rows.get("tenant/requests_per_minute");
        assertEquals(2, rpm.get("used").asLong(), rpm.toString());
        assertEquals(3, rpm.get("remaining").asLong(), rpm.toString());
        assertTrue(rpm.get("reset_seconds").asDouble() > 0, rpm.toString());
        assertTrue(rows.get("tenant/daily_tokens").get("used").asLong() > 0, "settled tokens count");
        assertTrue(rows.get("tenant/daily_cost_usd").get("used").asDouble() > 0, "settled cost counts");
        assertEquals(3, byScopeAndName(again).get("tenant/requests_per_minute").get("remaining").asLong(),
                "seven reads of the limits took no request from the bucket");
        assertEquals(200, app.post("/v1/chat/completions", key, CHAT).statusCode(), "the third request still fits");
    }

    @Test
    @Order(3)
    void refuses_a_missing_or_wrong_key_in_openai_shape() throws Exception {
        for (String wrong : new String[] {null, "sk-gw-wrong"}) {
            HttpResponse<String> response = app.get("/v1/limits", wrong);
            assertEquals(401, response.statusCode());
            assertEquals("authentication_error", JSON.readTree(response.body()).at("/error/type").asText());
        }
    }

    @Test
    @Order(4)
    void with_redis_down_still_shows_the_limits_marked_degraded() throws Exception {
        REDIS.stop();
        JsonNode body = limits();
        assertEquals(true, body.get("degraded").asBoolean(), body.toString());
        JsonNode rpm = byScopeAndName(body).get("tenant/requests_per_minute");
        assertEquals(5, rpm.get("limit").asLong());
        assertTrue(rpm.get("remaining").isNull(), rpm.toString());
    }
}
