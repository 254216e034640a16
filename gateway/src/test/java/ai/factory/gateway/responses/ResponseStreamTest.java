package ai.factory.gateway.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ResponseStream stream() throws Exception {
        return new ResponseStream("resp_1", 1, ResponsesRequest.parse((ObjectNode) JSON.readTree(
                "{\"model\":\"m\",\"input\":\"x\",\"stream\":true}")), JSON, false);
    }

    private static byte[] sse(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> parse(List<byte[]> events) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] event : events) {
            String text = new String(event, StandardCharsets.UTF_8);
            String type = text.substring("event: ".length(), text.indexOf('\n'));
            JsonNode data = JSON.readTree(text.substring(text.indexOf("data: ") + 6).trim());
            assertEquals(type, data.get("type").asText(), "the SSE event name is the data's type");
            out.add(data);
        }
        return out;
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }

    @Test
    void text_deltas_are_framed_by_the_item_and_part_events_and_completed_carries_usage() throws Exception {
        ResponseStream stream = stream();
        List<byte[]> out = new ArrayList<>(stream.start());
        out.addAll(stream.chunk(sse("{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}")));
        out.addAll(stream.chunk(sse("{\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}")));
        out.addAll(stream.chunk(sse("{\"choices\":[{\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}")));
        out.addAll(stream.chunk(sse("{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":3}}}")));
        out.addAll(stream.chunk("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8)));
        out.addAll(stream.finish());
        List<JsonNode> events = parse(out);
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed"), types(events));
        assertEquals("Hello", events.get(6).get("text").asText());
        JsonNode usage = events.get(9).at("/response/usage");
        assertEquals(5, usage.get("input_tokens").asInt());
        assertEquals(2, usage.get("output_tokens").asInt());
        assertEquals(3, usage.at("/input_tokens_details/cached_tokens").asInt());
        assertEquals("Hello", events.get(9).at("/response/output/0/content/0/text").asText());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, events.get(i).get("sequence_number").asInt());
        }
        assertTrue(stream.succeeded());
    }

    @Test
    void a_streamed_tool_call_becomes_a_function_call_item_with_its_arguments_joined() throws Exception {
        ResponseStream stream = stream();
        List<byte[]> out = new ArrayList<>(stream.start());
        out.addAll(stream.chunk(sse("{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_9\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]}}]}")));
        out.addAll(stream.chunk(sse("{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}")));
        out.addAll(stream.finish());
        List<JsonNode> events = parse(out);
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed"), types(events));
        assertEquals("{\"a\":1}", events.get(5).get("arguments").asText());
        JsonNode item = events.get(7).at("/response/output/0");
        assertEquals("function_call", item.get("type").asText());
        assertEquals("call_9", item.get("call_id").asText());
        assertEquals("f", item.get("name").asText());
    }

    @Test
    void a_stream_that_breaks_off_or_carries_an_error_ends_in_response_failed() throws Exception {
        ResponseStream cut = stream();
        cut.chunk(sse("{\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}"));
        List<JsonNode> end = parse(cut.finish());
        assertEquals("response.failed", end.get(end.size() - 1).get("type").asText());
        assertFalse(cut.succeeded());

        ResponseStream failed = stream();
        failed.chunk(sse("{\"error\":{\"message\":\"the backend stream broke off\",\"type\":\"server_error\"}}"));
        JsonNode last = parse(failed.finish()).get(0);
        assertEquals("response.failed", last.get("type").asText());
        assertEquals("the backend stream broke off", last.at("/response/error/message").asText());
    }
}
