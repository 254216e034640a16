package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** No number in a request can make a reservation the tenant's buckets cannot hold. */
class ReservationBoundsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Emulator emulator;
    private static GatewayApp app;

    @BeforeAll
    static void start() {
        emulator = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build());
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        GatewayApp.pool(props, "gpu", 64, emulator.baseUrl());
        GatewayApp.alias(props, "chat-default", "gpu");
        GatewayApp.alias(props, "chat-small", "gpu");
        props.put("gateway.models.chat-small.max-output-tokens", 64);
        app = GatewayApp.start(props);
    }

    @AfterAll
    static void stop() {
        app.close();
        emulator.close();
    }

    private static String chat(String model, String limits) {
        return "{\"model\":\"" + model + "\"," + limits + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    }

    private static JsonNode error(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("error");
    }

    @Test
    void an_impossible_max_tokens_is_a_400_and_does_not_lock_the_tenant_out() throws Exception {
        String key = app.newKey("huge-max", List.of());
        HttpResponse<String> huge = app.post("/v1/chat/completions", key,
                chat("chat-default", "\"max_tokens\":9223372036854775807"));
        assertEquals(400, huge.statusCode(), huge.body());
        assertEquals("max_tokens", error(huge).path("param").asText());
        assertEquals("invalid_request_error", error(huge).path("type").asText());

        HttpResponse<String> next = app.post("/v1/chat/completions", key, chat("chat-default", "\"max_tokens\":8"));
        assertEquals(200, next.statusCode(), "the tenant is not locked out: " + next.body());
        long remaining = Long.parseLong(next.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        long limit = Long.parseLong(next.headers().firstValue("x-ratelimit-limit-tokens").orElseThrow());
        assertTrue(remaining > limit - 1000 && remaining <= limit, "only this request's tokens were taken: " + remaining);
    }

    @Test
    void a_null_max_completion_tokens_does_not_hide_max_tokens() throws Exception {
        String key = app.newKey("null-shadow", List.of());
        HttpResponse<String> r = app.post("/v1/chat/completions", key,
                chat("chat-default", "\"max_completion_tokens\":null,\"max_tokens\":5000"));
        assertEquals(200, r.statusCode(), r.body());
        long remaining = Long.parseLong(r.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        long limit = Long.parseLong(r.headers().firstValue("x-ratelimit-limit-tokens").orElseThrow());
        assertTrue(remaining <= limit - 5000, "max_tokens 5000 was reserved, not the default: " + (limit - remaining));

        HttpResponse<String> impossible = app.post("/v1/chat/completions", key,
                chat("chat-default", "\"max_completion_tokens\":null,\"max_tokens\":9000000000"));
        assertEquals(400, impossible.statusCode(), impossible.body());
        assertEquals("max_tokens", error(impossible).path("param").asText());
    }

    @Test
    void a_model_alias_caps_what_one_answer_may_ask_for() throws Exception {
        String key = app.newKey("small-model", List.of());
        assertEquals(200, app.post("/v1/chat/completions", key, chat("chat-small", "\"max_tokens\":64")).statusCode());
        HttpResponse<String> over = app.post("/v1/chat/completions", key, chat("chat-small", "\"max_completion_tokens\":65"));
        assertEquals(400, over.statusCode(), over.body());
        assertEquals("max_completion_tokens", error(over).path("param").asText());
        HttpResponse<String> many = app.post("/v1/chat/completions", key, chat("chat-small", "\"max_tokens\":8,\"n\":1000"));
        assertEquals(400, many.statusCode(), many.body());
        assertEquals("n", error(many).path("param").asText());
    }
}
