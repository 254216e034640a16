package ai.factory.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The response cache answers repeats from Redis, per tenant, and replays streams byte for byte. */
class ResponseCacheIT {

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .alias("embed-default", "gpu")
            .tenant("cache-a").tenant("cache-order").tenant("tenant-a").tenant("tenant-b")
            .tenant("cache-stream").tenant("cache-optout").tenant("cache-embed").tenant("cache-rpm")
            .build();

    /** Greedy (temperature 0, written as the integer clients send), so cacheable. */
    private static Bodies.Chat greedyBody(String text, boolean stream) {
        return Bodies.chat("chat-default").user(text).put("temperature", 0).maxTokens(12).stream(stream);
    }

    private static String greedy(String text, boolean stream) {
        return greedyBody(text, stream).json();
    }

    private static String cache(HttpResponse<String> response) {
        return response.headers().firstValue("x-gateway-cache").orElse("absent");
    }

    @Test
    void repeated_greedy_request_is_a_hit_that_never_reaches_the_backend(
            GatewayApp app, @Key("cache-a") String key, @Pool("gpu") Emulator gpu) {
        HttpResponse<String> first = app.post("/v1/chat/completions", key, greedy("repeat me", false));
        long served = gpu.requestsServed();
        HttpResponse<String> second = app.post("/v1/chat/completions", key, greedy("repeat me", false));

        assertEquals("miss", cache(first));
        assertEquals("hit", cache(second));
        assertEquals(first.body(), second.body());
        assertEquals(served, gpu.requestsServed(), "the hit did not call the backend");
    }

    @Test
    void field_order_does_not_matter_but_every_parameter_does(GatewayApp app, @Key("cache-order") String key) {
        app.post("/v1/chat/completions", key, greedy("order", false));
        // Raw text on purpose: the same request with its fields and a message's keys in another order.
        String reordered = "{\"messages\":[{\"content\":\"order\",\"role\":\"user\"}],\"stream\":false,"
                + "\"max_tokens\":12,\"temperature\":0,\"model\":\"chat-default\"}";
        assertEquals("hit", cache(app.post("/v1/chat/completions", key, reordered)));
        assertEquals("miss", cache(app.post("/v1/chat/completions", key, greedyBody("order", false).maxTokens(13).json())));
    }

    @Test
    void two_tenants_sending_the_same_request_never_share_an_entry(
            GatewayApp app, @Key("tenant-a") String a, @Key("tenant-b") String b) {
        assertEquals("miss", cache(app.post("/v1/chat/completions", a, greedy("shared question", false))));
        assertEquals("miss", cache(app.post("/v1/chat/completions", b, greedy("shared question", false))));
        assertEquals("hit", cache(app.post("/v1/chat/completions", b, greedy("shared question", false))));
    }

    @Test
    void streamed_answer_is_replayed_byte_for_byte(GatewayApp app, @Key("cache-stream") String key) {
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
    void sampled_requests_bypass_the_cache_and_clients_can_opt_out(GatewayApp app, @Key("cache-optout") String key) {
        String sampled = greedyBody("sampled", false).temperature(0.7).json();
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
    void embeddings_are_cached_even_without_temperature(GatewayApp app, @Key("cache-embed") String key) {
        String body = Bodies.object().put("model", "embed-default").put("input", List.of("alpha", "beta")).json();
        assertEquals("miss", cache(app.post("/v1/embeddings", key, body)));
        HttpResponse<String> hit = app.post("/v1/embeddings", key, body);
        assertEquals("hit", cache(hit));
        assertNotEquals(-1, hit.body().indexOf("\"embedding\""));
    }

    @Test
    void a_hit_still_counts_against_requests_per_minute(GatewayApp app, @Key("cache-rpm") String key) {
        Admin.policy(app, "cache-rpm", Bodies.object().put("rpm", 2).json());
        assertEquals(200, app.post("/v1/chat/completions", key, greedy("rpm", false)).statusCode());
        HttpResponse<String> hit = app.post("/v1/chat/completions", key, greedy("rpm", false));
        assertEquals("hit", cache(hit));
        assertEquals("0", hit.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        assertEquals(429, app.post("/v1/chat/completions", key, greedy("rpm", false)).statusCode());
    }
}
