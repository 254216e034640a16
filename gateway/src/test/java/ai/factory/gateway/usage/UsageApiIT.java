package ai.factory.gateway.usage;

import static ai.factory.gateway.accounting.UsageFixtures.count;
import static ai.factory.gateway.support.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The usage APIs over real HTTP, answered from roll-ups the real flusher filled. */
class UsageApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAY = "from=2025-03-01&to=2025-03-02";

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(6)
            .properties(UsageFixtures.quickFlush())
            .tenant("acme")
            .tenant("globex")
            .build();
    private static GatewayApp app;
    private static String acmeKey1;
    private static String acmeKey2;
    private static String globexKey;

    private static UsageEvent event(String id, String tenant, String key, String model, String at, long in, long out,
            long cost, String status, boolean cacheHit) {
        UsageEvent e = UsageFixtures.event(id, tenant, key, model, Instant.parse(at), in, out, cost);
        return new UsageEvent(e.requestId(), e.timestampMillis(), tenant, key, "summarize", "chat", model,
                e.servedModel(), e.pool(), e.endpoint(), in, out, 0, cost, status, cacheHit, 0, 100, 10, false, 200);
    }

    @BeforeAll
    static void start() {
        app = gw.app();
        acmeKey1 = gw.key("acme");
        acmeKey2 = app.newKey("acme", null);
        globexKey = gw.key("globex");
        RedisClient client = RedisClient.create(gw.redisUri());
        UsageFixtures.xadd(client.connect().sync(),
                event("a1", "acme", "k1", "chat-default", "2025-03-01T10:15:00Z", 100, 50, 1000, UsageEvent.OK, false),
                event("a2", "acme", "k2", "chat-large", "2025-03-01T10:45:00Z", 200, 20, 5000, UsageEvent.ERROR, false),
                event("a3", "acme", "k1", "chat-default", "2025-03-01T11:05:00Z", 10, 5, 100, UsageEvent.OK, true),
                event("a4", "acme", "k2", "chat-default", "2025-03-02T09:00:00Z", 1, 1, 1, UsageEvent.OK, false),
                event("g1", "globex", "g", "chat-default", "2025-03-01T10:20:00Z", 1000, 1000, 99_999, UsageEvent.OK, false));
        client.shutdown();
        until(Duration.ofSeconds(20), () -> count(gw.jdbcUrl(), "select count(*) from usage_events") == 5,
                "5 events landed");
    }

    private static JsonNode getJson(String path, String key, int expectedStatus) throws Exception {
        HttpResponse<String> response = app.get(path, key);
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void a_tenant_reads_its_own_usage_with_any_of_its_keys_and_never_another_tenants() throws Exception {
        JsonNode withKey1 = getJson("/v1/usage?from=2025-03-01&to=2025-03-02", acmeKey1, 200);
        JsonNode withKey2 = getJson("/v1/usage?from=2025-03-01&to=2025-03-02", acmeKey2, 200);
        assertEquals(withKey1, withKey2);
        assertEquals("acme", withKey1.get("tenant").asText());
        assertEquals(4, withKey1.at("/totals/requests").asLong());
        assertEquals(387, withKey1.at("/totals/total_tokens").asLong());
        assertEquals("0.000006101", withKey1.at("/totals/cost_usd").asText());

        JsonNode globex = getJson("/v1/usage?" + DAY, globexKey, 200);
        assertEquals(1, globex.at("/totals/requests").asLong());
        assertEquals(2000, globex.at("/totals/total_tokens").asLong());

        JsonNode refused = getJson("/v1/usage?tenant=globex&" + DAY, acmeKey1, 400);
        assertEquals("tenant", refused.at("/error/param").asText());
        assertEquals(401, app.get("/v1/usage", null).statusCode());
        assertEquals(401, app.get("/v1/usage", "sk-gw-not-a-key").statusCode());
    }

    @Test
    void hourly_buckets_grouped_by_model() throws Exception {
        JsonNode body = getJson("/v1/usage?from=2025-03-01&to=2025-03-01&granularity=hour&group_by=model", acmeKey1, 200);
        JsonNode data = body.get("data");
        assertEquals(3, data.size(), data.toString());
        assertEquals("2025-03-01T10:00:00Z", data.get(0).get("bucket").asText());
        assertEquals("chat-default", data.get(0).get("model").asText());
        assertEquals(150, data.get(0).get("total_tokens").asLong());
        assertEquals("chat-large", data.get(1).get("model").asText());
        assertEquals(1, data.get(1).get("errors").asLong());
        assertEquals("2025-03-01T11:00:00Z", data.get(2).get("bucket").asText());
        assertEquals(1, data.get(2).get("cache_hits").asLong());
        assertEquals(3, body.at("/totals/requests").asLong());
    }

    @Test
    void daily_buckets_grouped_by_key_and_product() throws Exception {
        JsonNode data = getJson("/v1/usage?" + DAY + "&granularity=day&group_by=key,product", acmeKey1, 200).get("data");
        assertEquals(3, data.size(), data.toString());
        assertEquals("k1", data.get(0).get("key").asText());
        assertEquals(2, data.get(0).get("requests").asLong());
        assertEquals("summarize", data.get(0).get("product").asText());
        assertEquals("2025-03-02T00:00:00Z", data.get(2).get("bucket").asText());
    }

    @Test
    void minute_buckets_split_what_the_hour_holds() throws Exception {
        JsonNode data = getJson("/v1/usage?from=2025-03-01T10:00:00Z&to=2025-03-01T11:00:00Z&granularity=minute",
                acmeKey1, 200).get("data");
        assertEquals(List.of("2025-03-01T10:15:00Z", "2025-03-01T10:45:00Z"),
                List.of(data.get(0).get("bucket").asText(), data.get(1).get("bucket").asText()));
    }

    @Test
    void csv_when_asked_for_in_accept() {
        HttpResponse<String> response = app.send(HttpRequest.newBuilder(app.uri("/v1/usage?" + DAY + "&group_by=model"))
                .header("authorization", "Bearer " + acmeKey1).header("accept", "text/csv").GET().build());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        String[] lines = response.body().split("\r\n");
        assertEquals("bucket,model,requests,input_tokens,output_tokens,cached_tokens,total_tokens,errors,cache_hits,"
                + "estimated,cost_usd", lines[0]);
        assertEquals("2025-03-01T00:00:00Z,chat-default,2,110,55,0,165,0,1,0,0.000001100", lines[1]);
        assertEquals(4, lines.length);
    }

    @Test
    void bad_parameters_get_a_400_in_the_openai_error_shape() throws Exception {
        for (String[] c : new String[][] {{"granularity=week", "granularity"}, {"from=yesterday", "from"},
                {"group_by=tenant", "group_by"}, {"from=2025-03-02&to=2025-03-01T00:00:00Z", "from"}}) {
            JsonNode error = getJson("/v1/usage?" + c[0], acmeKey1, 400);
            assertEquals("invalid_request_error", error.at("/error/type").asText());
            assertEquals(c[1], error.at("/error/param").asText());
        }
    }

    @Test
    void admin_reads_every_tenant_or_one() throws Exception {
        JsonNode all = getJson("/admin/usage?" + DAY + "&group_by=tenant", GatewayApp.ADMIN_TOKEN, 200);
        List<String> tenants = new java.util.ArrayList<>();
        all.get("data").forEach(row -> tenants.add(row.get("bucket").asText().substring(0, 10) + " " + row.get("tenant").asText()));
        assertEquals(List.of("2025-03-01 acme", "2025-03-01 globex", "2025-03-02 acme"), tenants);
        assertEquals(5, all.at("/totals/requests").asLong());
        JsonNode globex = getJson("/admin/usage?" + DAY + "&tenant=globex", GatewayApp.ADMIN_TOKEN, 200);
        assertEquals(1, globex.at("/totals/requests").asLong());
        assertEquals(401, app.get("/admin/usage", acmeKey1).statusCode());
    }

    @Test
    void totals_since_an_instant_read_minutes_hours_and_days_exactly() {
        UsageTotals totals = app.context().getBean(UsageTotals.class);
        assertEquals(387, totals.tokensSince("acme", Instant.parse("2025-03-01T00:00:00Z")));
        assertEquals(237, totals.tokensSince("acme", Instant.parse("2025-03-01T10:30:00Z")));
        assertEquals(5101, totals.costNanosSince("acme", Instant.parse("2025-03-01T10:30:00Z")));
        assertEquals(0, totals.tokensSince("nobody", Instant.parse("2025-03-01T00:00:00Z")));
    }
}
