package ai.factory.gateway.observe.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.observe.ObservabilityConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenAiMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] event(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void content_parts_keep_their_text_and_other_parts_only_their_type() throws Exception {
        JsonNode body = JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"look\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:secret\"}}]}]}");
        JsonNode parts = JSON.readTree(GenAiMessages.input(body)).get(0).get("parts");
        assertEquals("look", parts.get(0).get("content").asText());
        assertEquals("image_url", parts.get(1).get("type").asText());
        assertFalse(parts.toString().contains("secret"), parts.toString());
    }

    @Test
    void a_completions_prompt_and_a_responses_input_are_user_messages() throws Exception {
        assertEquals("hi", JSON.readTree(GenAiMessages.input(JSON.readTree("{\"prompt\":\"hi\"}"))).at("/0/parts/0/content").asText());
        assertEquals("yo", JSON.readTree(GenAiMessages.input(JSON.readTree("{\"input\":\"yo\"}"))).at("/0/parts/0/content").asText());
        assertNull(GenAiMessages.input(JSON.readTree("{\"model\":\"m\"}")));
    }

    @Test
    void the_bound_is_shared_by_all_messages_and_later_ones_are_dropped() throws Exception {
        String half = "a".repeat(GenAiMessages.BOUND / 2 + 1);
        JsonNode body = JSON.createObjectNode().set("messages", JSON.valueToTree(List.of(
                java.util.Map.of("role", "user", "content", half), java.util.Map.of("role", "user", "content", half),
                java.util.Map.of("role", "user", "content", "never"))));
        JsonNode messages = JSON.readTree(GenAiMessages.input(body));
        assertEquals(2, messages.size());
        String second = messages.at("/1/parts/0/content").asText();
        assertTrue(second.endsWith(GenAiMessages.TRUNCATED));
        assertEquals(GenAiMessages.BOUND, half.length() + second.length() - GenAiMessages.TRUNCATED.length());
    }

    @Test
    void a_stream_stops_collecting_at_the_bound() throws Exception {
        StreamedText text = new StreamedText();
        String piece = "b".repeat(1000);
        for (int i = 0; i < 40; i++) {
            text.event(event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece + "\"}}]}"));
        }
        text.event(event("[DONE]"));
        String content = JSON.readTree(text.messages()).at("/0/parts/0/content").asText();
        assertEquals("b".repeat(GenAiMessages.BOUND) + GenAiMessages.TRUNCATED, content);
    }

    @Test
    void a_stream_keeps_the_first_choice_and_reads_responses_deltas() throws Exception {
        StreamedText chat = new StreamedText();
        chat.event(event("{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other\"}}]}"));
        chat.event(event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"mine\"},\"finish_reason\":\"length\"}]}"));
        JsonNode m = JSON.readTree(chat.messages()).get(0);
        assertEquals("mine", m.at("/parts/0/content").asText());
        assertEquals("length", m.get("finish_reason").asText());

        StreamedText responses = new StreamedText();
        responses.event(event("{\"type\":\"response.output_text.delta\",\"delta\":\"he\"}"));
        responses.event(event("{\"type\":\"response.output_text.delta\",\"delta\":\"llo\"}"));
        assertEquals("hello", JSON.readTree(responses.messages()).at("/0/parts/0/content").asText());
        assertNull(new StreamedText().messages(), "no text, no attribute");
    }

    @Test
    void a_whole_answer_that_is_not_json_captures_nothing() {
        ObservabilityConfig config = ObservabilityConfig.defaults();
        assertNull(new ContentCapture(config).output("<html>".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void capture_needs_a_listed_tenant_and_a_sampled_span() {
        ObservabilityConfig config = new ObservabilityConfig(50, null, "flushers", null, List.of("acme"), true, null, null);
        ContentCapture capture = new ContentCapture(config);
        Context sampled = Context.root().with(Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault())));
        Context unsampled = Context.root().with(Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7", TraceFlags.getDefault(), TraceState.getDefault())));
        assertTrue(capture.enabled("acme", sampled));
        assertFalse(capture.enabled("acme", unsampled));
        assertFalse(capture.enabled("globex", sampled));
        assertFalse(new ContentCapture(ObservabilityConfig.defaults()).enabled("acme", sampled), "nobody by default");
    }
}
