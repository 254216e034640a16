package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No number in a request can make a reservation the tenant's buckets cannot hold. */
class ReservationBoundsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .alias("chat-small", "gpu")
            .property("gateway.models.chat-small.max-output-tokens", 64)
            .tenant("huge-max").tenant("null-shadow").tenant("small-model")
            .build();

    private static Bodies.Chat chat(String model) {
        return Bodies.chat(model).user("hello");
    }

    private static JsonNode error(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("error");
    }

    @Test
    void an_impossible_max_tokens_is_a_400_and_does_not_lock_the_tenant_out(GatewayApp app, @Key("huge-max") String key)
            throws Exception {
        HttpResponse<String> huge = app.post("/v1/chat/completions", key,
                chat("chat-default").put("max_tokens", Long.MAX_VALUE).json());
        assertEquals(400, huge.statusCode(), huge.body());
        assertEquals("max_tokens", error(huge).path("param").asText());
        assertEquals("invalid_request_error", error(huge).path("type").asText());

        HttpResponse<String> next = app.post("/v1/chat/completions", key, chat("chat-default").maxTokens(8).json());
        assertEquals(200, next.statusCode(), "the tenant is not locked out: " + next.body());
        long remaining = Long.parseLong(next.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        long limit = Long.parseLong(next.headers().firstValue("x-ratelimit-limit-tokens").orElseThrow());
        assertTrue(remaining > limit - 1000 && remaining <= limit, "only this request's tokens were taken: " + remaining);
    }

    @Test
    void a_null_max_completion_tokens_does_not_hide_max_tokens(GatewayApp app, @Key("null-shadow") String key)
            throws Exception {
        HttpResponse<String> r = app.post("/v1/chat/completions", key,
                chat("chat-default").put("max_completion_tokens", null).maxTokens(5000).json());
        assertEquals(200, r.statusCode(), r.body());
        long remaining = Long.parseLong(r.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
        long limit = Long.parseLong(r.headers().firstValue("x-ratelimit-limit-tokens").orElseThrow());
        assertTrue(remaining <= limit - 5000, "max_tokens 5000 was reserved, not the default: " + (limit - remaining));

        HttpResponse<String> impossible = app.post("/v1/chat/completions", key,
                chat("chat-default").put("max_completion_tokens", null).put("max_tokens", 9_000_000_000L).json());
        assertEquals(400, impossible.statusCode(), impossible.body());
        assertEquals("max_tokens", error(impossible).path("param").asText());
    }

    @Test
    void a_model_alias_caps_what_one_answer_may_ask_for(GatewayApp app, @Key("small-model") String key) throws Exception {
        assertEquals(200, app.post("/v1/chat/completions", key, chat("chat-small").maxTokens(64).json()).statusCode());
        HttpResponse<String> over = app.post("/v1/chat/completions", key,
                chat("chat-small").put("max_completion_tokens", 65).json());
        assertEquals(400, over.statusCode(), over.body());
        assertEquals("max_completion_tokens", error(over).path("param").asText());
        HttpResponse<String> many = app.post("/v1/chat/completions", key, chat("chat-small").maxTokens(8).put("n", 1000).json());
        assertEquals(400, many.statusCode(), many.body());
        assertEquals("n", error(many).path("param").asText());
    }
}
