package ai.factory.gateway.http;

import static ai.factory.gateway.accounting.UsageFixtures.count;
import static ai.factory.gateway.support.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Identifiers a client sends, over real HTTP into the real ledger: checked at the edge, counted
 * against limits when unknown, and never the ledger's identity or the lease's member.
 */
class ClientIdentifiersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    // Slow enough that two requests overlap: each answer takes about two seconds.
    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.builder().ttftMillis(2000).interTokenMillis(1))
            .alias("chat-default", "gpu")
            .redisDatabase(14)
            .properties(UsageFixtures.quickFlush())
            .tenant("huge-model").tenant("after-huge-model").tenant("bad-ids").tenant("probing")
            .tenant("reused-id").tenant("reused-id-stranger").tenant("reused-lease")
            .build();

    private static String chat(String model) {
        return Bodies.chat(model).maxTokens(3).user("hi").json();
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("error");
    }

    private static long rows(String tenant) {
        return count(gw.jdbcUrl(), "select count(*) from usage_events where tenant_id = ?", tenant);
    }

    private static String randomText(int length) {
        Random random = new Random(11);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    @Test
    void a_five_kilobyte_model_is_a_400_and_billing_goes_on_for_everyone(
            GatewayApp app, @Key("huge-model") String key, @Key("after-huge-model") String other) throws Exception {
        HttpResponse<String> huge = app.post("/v1/chat/completions", key, chat(randomText(5000)));
        assertEquals(400, huge.statusCode(), huge.body());
        assertEquals("model", error(huge).get("param").asText());
        assertEquals("invalid_request_error", error(huge).get("type").asText());
        assertFalse(huge.body().contains(randomText(50)), "the model name is not echoed");

        assertEquals(200, app.post("/v1/chat/completions", other, chat("chat-default")).statusCode());
        until(Duration.ofSeconds(30), () -> rows("huge-model") == 1 && rows("after-huge-model") == 1,
                "both requests in the ledger (the flusher kept going)");
        assertEquals(0, count(gw.jdbcUrl(), "select count(*) from usage_dead_letters"));

        // The flusher's state and lag in /health (details for the operator: the admin token).
        HttpResponse<String> health = app.send(HttpRequest.newBuilder(app.uri("/health"))
                .header("authorization", "Bearer " + GatewayApp.ADMIN_TOKEN).GET().build());
        JsonNode flusher = JSON.readTree(health.body()).at("/details/usageFlusher");
        assertEquals("UP", flusher.path("status").asText(), health.body());
        assertEquals("running", flusher.at("/details/state").asText(), health.body());
        assertTrue(flusher.at("/details/landed").asLong() >= 2, health.body());
        assertTrue(flusher.at("/details").has("lag_seconds"), health.body());
    }

    @Test
    void every_client_identifier_is_checked_with_its_param_named(
            GatewayApp app, @Key("bad-ids") String key) throws Exception {
        HttpResponse<String> session = app.post("/v1/chat/completions", key, chat("chat-default"),
                "x-session-id", "s".repeat(200));
        assertEquals(400, session.statusCode(), session.body());
        assertEquals("x-session-id", error(session).get("param").asText());

        HttpResponse<String> requestId = app.post("/v1/chat/completions", key, chat("chat-default"),
                "x-request-id", "r".repeat(129));
        assertEquals(400, requestId.statusCode(), requestId.body());
        assertEquals("x-request-id", error(requestId).get("param").asText());
        assertNotEquals("r".repeat(129), requestId.headers().firstValue("x-request-id").orElseThrow());

        HttpResponse<String> user = app.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").put("user", "u".repeat(300)).user("a").json());
        assertEquals(400, user.statusCode(), user.body());
        assertEquals("user", error(user).get("param").asText());

        HttpResponse<String> product = app.post("/v1/products/" + "p".repeat(100) + "/invoke", key, "{\"input\":{}}");
        assertEquals(400, product.statusCode(), product.body());
        assertEquals("product", error(product).get("param").asText());
    }

    @Test
    void unknown_models_and_products_use_up_the_request_rate_like_any_request(
            GatewayApp app, @Key("probing") String key) throws Exception {
        Admin.policy(app, "probing", "{\"rpm\":4}");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> unknown = app.post("/v1/chat/completions", key, chat("no-such-model-" + i));
            assertEquals(404, unknown.statusCode(), unknown.body());
            HttpResponse<String> product = app.post("/v1/products/no-such-product-" + i + "/invoke", key, "{\"input\":{}}");
            assertEquals(404, product.statusCode(), product.body());
        }
        HttpResponse<String> fifth = app.post("/v1/chat/completions", key, chat("chat-default"));
        assertEquals(429, fifth.statusCode(), "four unknown names already used the 4 requests a minute: " + fifth.body());
        HttpResponse<String> sixth = app.post("/v1/chat/completions", key, chat("still-unknown"));
        assertEquals(429, sixth.statusCode(), "an unknown name is refused by the limit too: " + sixth.body());
        until(Duration.ofSeconds(30), () -> rows("probing") == 6, "six requests, six ledger rows");
    }

    @Test
    void five_requests_with_one_x_request_id_are_five_ledger_rows_with_that_id_kept_for_correlation(
            GatewayApp app, @Key("reused-id") String key, @Key("reused-id-stranger") String stranger) throws Exception {
        Set<String> ours = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = app.post("/v1/chat/completions", key, chat("chat-default"), "x-request-id", "same-id");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("same-id", r.headers().firstValue("x-request-id").orElseThrow(), "the client's id is echoed");
            ours.add(r.headers().firstValue("x-gateway-request-id").orElseThrow());
        }
        assertEquals(5, ours.size(), "each request has its own gateway id: " + ours);
        until(Duration.ofSeconds(30), () -> rows("reused-id") == 5, "five ledger rows");
        assertEquals(5, count(gw.jdbcUrl(), "select count(*) from usage_events where tenant_id = ? and client_request_id = ?",
                "reused-id", "same-id"));
        for (String id : ours) {
            assertEquals(1, count(gw.jdbcUrl(), "select count(*) from usage_events where request_id = ?", id));
        }

        // Searchable by the client's id, within the caller's tenant only.
        HttpResponse<String> found = app.get("/v1/usage/requests?client_request_id=same-id", key);
        assertEquals(200, found.statusCode(), found.body());
        Set<String> listed = new HashSet<>();
        JSON.readTree(found.body()).get("data").forEach(row -> listed.add(row.get("request_id").asText()));
        assertEquals(ours, listed);
        HttpResponse<String> none = app.get("/v1/usage/requests?client_request_id=same-id", stranger);
        assertEquals(200, none.statusCode(), none.body());
        assertEquals(0, JSON.readTree(none.body()).path("data").size(), none.body());
    }

    /**
     * With one slot the second same-id request was refused even before (the check counts leases
     * before adding one); the hole was that same-id leases were one sorted-set member, so with
     * two slots any number of same-id requests ran at once, and the first to end freed the rest.
     */
    @Test
    void concurrent_requests_with_one_x_request_id_each_hold_their_own_lease(
            GatewayApp app, @Key("reused-lease") String key) throws Exception {
        Admin.policy(app, "reused-lease", "{\"concurrency\":2}");
        HttpRequest request = HttpRequest.newBuilder(app.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .header("x-request-id", "shared-lease").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(chat("chat-default"))).build();
        List<CompletableFuture<HttpResponse<String>>> sent = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> app.http().sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();
        List<HttpResponse<String>> answers = sent.stream().map(CompletableFuture::join).toList();
        List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).sorted().toList();
        assertEquals(List.of(200, 200, 429), statuses, "two slots, two leases: one of three same-id requests "
                + "running at once is refused");
        HttpResponse<String> refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertTrue(error(refused).get("message").asText().contains("concurren"), refused.body());
    }
}
