package ai.factory.gateway.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.products.TokenCounter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Responses API's answers, as a pool that speaks /v1/responses sends them. */
class ResponsesUsageMeterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenCounter TOKENS = new TokenCounter();
    private static final String USAGE = "{\"input_tokens\":12,\"input_tokens_details\":{\"cached_tokens\":5},"
            + "\"output_tokens\":9,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":21}";

    private static byte[] event(String type, String fields) {
        return ("event: " + type + "\ndata: {\"type\":\"" + type + "\",\"sequence_number\":0" + fields + "}\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String response(String status, String usage) {
        return ",\"response\":{\"id\":\"resp_1\",\"status\":\"" + status + "\",\"text\":{\"format\":{\"type\":\"text\"}},"
                + "\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello there\"}]}],"
                + "\"usage\":" + usage + "}";
    }

    private static UsageMeter meter() {
        return new UsageMeter(JSON, TOKENS, 99, false, true);
    }

    @Test
    void response_completed_ends_the_stream_with_its_usage_and_reaches_the_client() {
        UsageMeter meter = meter();
        assertTrue(meter.event(event("response.created", response("in_progress", "null"))));
        assertTrue(meter.event(event("response.output_text.delta", ",\"item_id\":\"m\",\"delta\":\"Hello\"")));
        assertFalse(meter.done());
        assertFalse(meter.reported());

        assertTrue(meter.event(event("response.completed", response("completed", USAGE))), "the client always gets it");

        assertTrue(meter.done());
        assertTrue(meter.reported());
        assertEquals(12, meter.inputTokens());
        assertEquals(9, meter.outputTokens());
        assertEquals(5, meter.cachedTokens());
    }

    @Test
    void response_incomplete_also_ends_the_stream() {
        UsageMeter meter = meter();
        meter.event(event("response.incomplete", response("incomplete", USAGE)));
        assertTrue(meter.done());
        assertEquals(9, meter.outputTokens());
    }

    @Test
    void a_closing_event_serialized_type_last_is_read_the_same() {
        // Pydantic servers (vLLM) write the fields in declaration order: response, sequence_number, type.
        UsageMeter meter = meter();
        String data = "{" + response("completed", USAGE).substring(1) + ",\"sequence_number\":7,\"type\":\"response.completed\"}";
        meter.event(("event: response.completed\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        assertTrue(meter.done());
        assertEquals(12, meter.inputTokens());
    }

    @Test
    void response_failed_leaves_the_stream_unfinished_and_the_deltas_estimated() {
        UsageMeter meter = meter();
        meter.event(event("response.output_text.delta", ",\"item_id\":\"m\",\"delta\":\"Hello\""));
        meter.event(event("response.output_text.delta", ",\"item_id\":\"m\",\"delta\":\" world\""));
        meter.event(event("response.output_text.done", ",\"item_id\":\"m\",\"text\":\"Hello world\""));
        meter.event(event("response.failed", response("failed", "null")));

        assertFalse(meter.done());
        assertFalse(meter.reported());
        assertEquals(99, meter.inputTokens());
        // Two deltas, each at least a token; the done event's whole text is not counted again.
        assertEquals(2, meter.outputTokens());
    }

    @Test
    void a_whole_response_body_reads_its_usage_in_the_responses_names() {
        UsageMeter meter = meter();
        meter.body(("{\"id\":\"resp_1\",\"object\":\"response\",\"output\":[],\"usage\":" + USAGE + "}")
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(meter.reported());
        assertEquals(12, meter.inputTokens());
        assertEquals(9, meter.outputTokens());
        assertEquals(5, meter.cachedTokens());
    }

    @Test
    void a_chat_stream_meter_is_not_ended_by_a_responses_event() {
        UsageMeter chat = new UsageMeter(JSON, TOKENS, 99, true);
        chat.event(event("response.completed", response("completed", USAGE)));
        assertFalse(chat.done(), "only [DONE] ends a chat stream");
    }
}
