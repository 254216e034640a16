package ai.factory.gateway.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.products.TokenCounter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageMeterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenCounter TOKENS = new TokenCounter();

    private static byte[] event(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String chunk(String content) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content
                + "\"},\"finish_reason\":null}]}";
    }

    private static final String USAGE = "{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,"
            + "\"total_tokens\":18,\"prompt_tokens_details\":{\"cached_tokens\":4}}}";

    @Test
    void the_usage_chunk_is_read_and_removed_when_the_gateway_asked_for_it() {
        UsageMeter meter = new UsageMeter(JSON, TOKENS, 99, false);
        assertTrue(meter.event(event(chunk("Hello"))));
        assertFalse(meter.event(event(USAGE)), "the client did not ask for usage");
        assertTrue(meter.event(event("[DONE]")));
        assertTrue(meter.done() && meter.reported());
        assertEquals(11, meter.inputTokens());
        assertEquals(7, meter.outputTokens());
        assertEquals(4, meter.cachedTokens());
        assertTrue(meter.firstTokenNanos() > 0);
    }

    @Test
    void a_client_that_asked_for_usage_gets_the_chunk() {
        UsageMeter meter = new UsageMeter(JSON, TOKENS, 99, true);
        assertTrue(meter.event(event(USAGE)));
        assertEquals(7, meter.outputTokens());
    }

    @Test
    void usage_null_on_every_chunk_and_usage_beside_choices_are_relayed() {
        UsageMeter meter = new UsageMeter(JSON, TOKENS, 99, false);
        assertTrue(meter.event(event(chunk("Hi").replace("}]}", "}],\"usage\":null}"))));
        assertFalse(meter.reported());
        String continuous = chunk("there").replace("}]}", "}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}");
        assertTrue(meter.event(event(continuous)), "usage beside content is not the usage-only chunk");
        assertEquals(2, meter.outputTokens());
    }

    @Test
    void without_usage_the_streamed_text_is_counted_at_least_a_token_per_chunk() {
        UsageMeter meter = new UsageMeter(JSON, TOKENS, 42, false);
        String[] pieces = {"Once", " upon", " a", " time", ", \\\"usage\\\": {} said", " the", " \\u00e9t\\u00e9"};
        for (String piece : pieces) {
            assertTrue(meter.event(event(chunk(piece))));
        }
        meter.event(event("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"));
        assertFalse(meter.reported(), "a quoted \"usage\" inside the text is not usage");
        assertFalse(meter.done());
        long expected = Math.max(TOKENS.count("Once upon a time, \"usage\": {} said the \u00e9t\u00e9"), pieces.length);
        assertEquals(expected, meter.outputTokens());
        assertEquals(42, meter.inputTokens());
    }

    @Test
    void a_long_stream_is_counted_in_batches_not_kept_whole() {
        UsageMeter meter = new UsageMeter(JSON, TOKENS, 0, false);
        for (int i = 0; i < 2000; i++) {
            meter.event(event(chunk(" word")));
        }
        assertEquals(2000, meter.outputTokens());
    }

    @Test
    void completions_text_and_comments_and_broken_chunks() {
        UsageMeter meter = new UsageMeter(JSON, TOKENS, 0, false);
        assertTrue(meter.event(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(meter.event(event("{\"choices\":[{\"text\":\"hello\",\"index\":0}]}")));
        assertTrue(meter.event(event("{\"choices\":[{\"text\":\"unterminated")));
        assertTrue(meter.event(event("{\"usage\":{\"prompt_tokens\":")), "a broken usage chunk passes, unread");
        assertFalse(meter.reported());
        assertEquals(1, meter.outputTokens());
    }

    @Test
    void a_whole_answer_reads_its_top_level_usage_only() {
        UsageMeter meter = new UsageMeter(JSON, TOKENS, 5, false);
        meter.body(("{\"choices\":[{\"message\":{\"content\":\"{\\\"usage\\\":{\\\"prompt_tokens\\\":1}}\"}}],"
                + "\"usage\":{\"prompt_tokens\":\"12\",\"completion_tokens\":99999999999999999999999}}").getBytes(StandardCharsets.UTF_8));
        assertEquals(12, meter.inputTokens());
        assertTrue(meter.outputTokens() > 1_000_000, "clamped, not wrapped: " + meter.outputTokens());
        UsageMeter notJson = new UsageMeter(JSON, TOKENS, 5, false);
        notJson.body("<html>".getBytes(StandardCharsets.UTF_8));
        assertEquals(5, notJson.inputTokens());
        assertFalse(notJson.reported());
    }
}
