package ai.factory.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The response cache answers repeats from Redis, per tenant, and replays streams byte for byte. */
class ResponseCacheIT {

    private static Emulator emulator;
    private static GatewayApp app;

    @BeforeAll
    static void start() {
        emulator = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build());
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        GatewayApp.pool(props, "gpu", 64, emulator.baseUrl());
        GatewayApp.alias(props, "chat-default", "gpu");
        GatewayApp.alias(props, "embed-default", "gpu");
        app = GatewayApp.start(props);
    }

    @AfterAll
    static void stop() {
        app.close();
        emulator.close();
    }

    private static String greedy(String text, boolean stream) {
        return "{\"model\":\"chat-default\",\"temperature\":0,\"max_tokens\":12,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    private static String cache(HttpResponse<String> response) {
        return response.headers().firstValue("x-gateway-cache").orElse("absent");
    }

    @Test
    void repeated_greedy_request_is_a_hit_that_never_reaches_the_backend() {
        String key = app.newKey("cache-a", List.of());
        HttpResponse<String> first = app.post("/v1/chat/completions", key, greedy("repeat me", false));
        long served = emulator.requestsServed();
        HttpResponse<String> second = app.post("/v1/chat/completions", key, greedy("repeat me", false));

        assertEquals("miss", cache(first));
        assertEquals("hit", cache(second));
        assertEquals(first.body(), second.body());
        assertEquals(served, emulator.requestsServed(), "the hit did not call the backend");
    }

    @Test
    void field_order_does_not_matter_but_every_parameter_does() {
        String key = app.newKey("cache-order", List.of());
        app.post("/v1/chat/completions", key, greedy("order", false));
        String reordered = "{\"messages\":[{\"content\":\"order\",\"role\":\"user\"}],\"stream\":false,"
                + "\"max_tokens\":12,\"temperature\":0,\"model\":\"chat-default\"}";
        assertEquals("hit", cache(app.post("/v1/chat/completions", key, reordered)));
        assertEquals("miss", cache(app.post("/v1/chat/completions", key, greedy("order", false).replace("12", "13"))));
    }

    @Test
    void two_tenants_sending_the_same_request_never_share_an_entry() {
        String a = app.newKey("tenant-a", List.of());
        String b = app.newKey("tenant-b", List.of());
        assertEquals("miss", cache(app.post("/v1/chat/completions", a, greedy("shared question", false))));
        assertEquals("miss", cache(app.post("/v1/chat/completions", b, greedy("shared question", false))));
        assertEquals("hit", cache(app.post("/v1/chat/completions", b, greedy("shared question", false))));
    }

    @Test
    void streamed_answer_is_replayed_byte_for_byte() {
        String key = app.newKey("cache-stream", List.of());
        HttpResponse<String> original = app.post("/v1/chat/completions", key, greedy("stream me", true));
        HttpResponse<String> replay = app.post("/v1/chat/completions", key, greedy("stream me", true));

        assertEquals("miss", cache(original));
        assertEquals("hit", cache(replay));
        assertEquals("text/event-stream", replay.headers().firstValue("content-type").orElseThrow());
        assertTrue(original.body().endsWith("data: [DONE]\n\n"), original.body());
        assertEquals(original.body(), replay.body());
        assertTrue(!original.body().contains("\"usage\""), "the gateway's own usage chunk is not shown to the client");
    }

    @Test
    void sampled_requests_bypass_the_cache_and_clients_can_opt_out() {
        String key = app.newKey("cache-optout", List.of());
        String sampled = greedy("sampled", false).replace("\"temperature\":0", "\"temperature\":0.7");
        assertEquals("bypass", cache(app.post("/v1/chat/completions", key, sampled)));
        assertEquals("bypass", cache(app.post("/v1/chat/completions", key, sampled)));

        assertEquals("bypass", cache(app.post("/v1/chat/completions", key, greedy("no store", false), "cache-control", "no-store")));
        assertEquals("miss", cache(app.post("/v1/chat/completions", key, greedy("no store", false))),
                "no-store wrote nothing");
        // no-cache skips the lookup but refreshes the entry.
        assertEquals("bypass", cache(app.post("/v1/chat/completions", key, greedy("no store", false), "cache-control", "no-cache")));
        assertEquals("hit", cache(app.post("/v1/chat/completions", key, greedy("no store", false))));
    }

    @Test
    void embeddings_are_cached_even_without_temperature() {
        String key = app.newKey("cache-embed", List.of());
        String body = "{\"model\":\"embed-default\",\"input\":[\"alpha\",\"beta\"]}";
        assertEquals("miss", cache(app.post("/v1/embeddings", key, body)));
        HttpResponse<String> hit = app.post("/v1/embeddings", key, body);
        assertEquals("hit", cache(hit));
        assertNotEquals(-1, hit.body().indexOf("\"embedding\""));
    }

    @Test
    void a_hit_still_counts_against_requests_per_minute() {
        String key = app.newKey("cache-rpm", List.of());
        Admin.policy(app, "cache-rpm", "{\"rpm\":2}");
        assertEquals(200, app.post("/v1/chat/completions", key, greedy("rpm", false)).statusCode());
        HttpResponse<String> hit = app.post("/v1/chat/completions", key, greedy("rpm", false));
        assertEquals("hit", cache(hit));
        assertEquals("0", hit.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        assertEquals(429, app.post("/v1/chat/completions", key, greedy("rpm", false)).statusCode());
    }
}
