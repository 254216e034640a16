package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.error.GatewayError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.ToLongFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class UsageCeilingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A stand-in tokenizer: one token per 4 characters. */
    private static final ToLongFunction<String> COUNTER = text -> text.length() / 4;
    private static final long CEILING = 8192;

    private static JsonNode body(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static UsageCeiling reserve(String json) throws Exception {
        return UsageCeiling.of(body(json), 10, false, null, 1024, CEILING, COUNTER);
    }

    @Test
    void a_max_tokens_beyond_what_the_model_can_produce_is_refused_before_anything_is_reserved() {
        GatewayError error = assertThrows(GatewayError.class, () -> reserve("{\"max_tokens\":9223372036854775807}"));
        assertEquals(400, error.status());
        assertEquals("max_tokens", error.param());
        assertThrows(GatewayError.class, () -> reserve("{\"max_tokens\":8193}"));
        assertThrows(GatewayError.class, () -> reserve("{\"max_completion_tokens\":99999999999999999999999}"));
        assertEquals(10 + 8192, assertDoesNotThrow("{\"max_tokens\":8192}").tokens());
    }

    @Test
    void a_responses_body_reserves_its_max_output_tokens_and_a_bad_one_is_named() throws Exception {
        assertEquals(10 + 300, reserve("{\"max_output_tokens\":300}").tokens());
        GatewayError error = assertThrows(GatewayError.class, () -> reserve("{\"max_output_tokens\":8193}"));
        assertEquals("max_output_tokens", error.param());
    }

    @Test
    void max_tokens_must_be_a_positive_integer() {
        for (String bad : new String[] {"0", "-1", "1.5", "\"100\"", "true", "[]"}) {
            GatewayError error = assertThrows(GatewayError.class, () -> reserve("{\"max_tokens\":" + bad + "}"), bad);
            assertEquals(400, error.status());
        }
    }

    @Test
    void a_null_max_completion_tokens_does_not_shadow_max_tokens() throws Exception {
        assertEquals(10 + 50, reserve("{\"max_completion_tokens\":null,\"max_tokens\":50}").tokens());
        assertEquals(10 + 20, reserve("{\"max_completion_tokens\":20,\"max_tokens\":50}").tokens());
        assertEquals(10 + 1024, reserve("{\"max_completion_tokens\":null}").tokens(), "the default when neither is set");
    }

    @Test
    void every_choice_is_reserved_and_n_is_bounded() throws Exception {
        assertEquals(10 + 4 * 100, reserve("{\"max_tokens\":100,\"n\":4}").tokens());
        assertEquals(10 + 3 * 100, reserve("{\"max_tokens\":100,\"n\":2,\"best_of\":3}").tokens());
        assertThrows(GatewayError.class, () -> reserve("{\"max_tokens\":100,\"n\":129}"));
        assertThrows(GatewayError.class, () -> reserve("{\"max_tokens\":100,\"n\":0}"));
    }

    @Test
    void tool_schemas_and_non_text_parts_are_part_of_the_prompt() throws Exception {
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\"}}}]";
        UsageCeiling withTools = reserve("{\"max_tokens\":1,\"tools\":" + tools + "}");
        assertEquals(10 + JSON.readTree(tools).toString().length() / 4, withTools.promptTokens());
        UsageCeiling withImage = reserve("{\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"what is this\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}},"
                + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"x\"}}]}]}");
        assertEquals(10 + UsageCeiling.IMAGE_TOKENS + UsageCeiling.AUDIO_TOKENS, withImage.promptTokens());
    }

    @Test
    void a_product_manifests_ceiling_is_capped_not_refused() throws Exception {
        UsageCeiling r = UsageCeiling.of(body("{}"), 10, false, 1_000_000, 1024, CEILING, COUNTER);
        assertEquals(10 + CEILING, r.tokens());
    }

    /** For any numbers a client sends, the reservation is refused or lies in [0, MAX]. */
    @Property(tries = 2000)
    void any_request_is_refused_or_reserves_a_bounded_amount(@ForAll long maxTokens, @ForAll @IntRange(min = -5, max = 300) int n,
            @ForAll long promptTokens, @ForAll boolean useCompletionField) throws Exception {
        String field = useCompletionField ? "max_completion_tokens" : "max_tokens";
        JsonNode body = body("{\"" + field + "\":" + maxTokens + ",\"n\":" + n + "}");
        try {
            UsageCeiling r = UsageCeiling.of(body, Bounded.clamp(promptTokens), false, null, 1024, CEILING, COUNTER);
            assertTrue(maxTokens >= 1 && maxTokens <= CEILING && n >= 1 && n <= UsageCeiling.MAX_CHOICES);
            assertEquals(Bounded.clamp(promptTokens), r.promptTokens());
            assertEquals(maxTokens * n, r.outputTokens());
            assertTrue(r.tokens() >= 0 && r.tokens() <= Bounded.MAX);
        } catch (GatewayError e) {
            assertEquals(400, e.status());
            assertTrue(maxTokens < 1 || maxTokens > CEILING || n < 1 || n > UsageCeiling.MAX_CHOICES);
        }
    }

    private static UsageCeiling assertDoesNotThrow(String json) {
        try {
            return reserve(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
