package ai.factory.gateway.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class McpProgressTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] chunk(String delta) {
        return ("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                + delta + "\"}}]}\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> messages(Flux<byte[]> sse) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] event : sse.collectList().block()) {
            String text = new String(event, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("event: message\ndata: ") && text.endsWith("\n\n"), text);
            out.add(JSON.readTree(text.substring("event: message\ndata: ".length()).trim()));
        }
        return out;
    }

    @Test
    void each_delta_is_a_numbered_progress_notification_and_the_result_holds_the_whole_text() throws Exception {
        List<JsonNode> out = messages(McpProgress.relay(Flux.just(chunk("Hel"), chunk("lo"),
                "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8)), new IntNode(4), new TextNode("tok"), JSON));
        assertEquals(3, out.size());
        assertEquals("notifications/progress", out.get(0).get("method").asText());
        assertEquals("tok", out.get(1).at("/params/progressToken").asText());
        assertEquals(2, out.get(1).at("/params/progress").asInt());
        assertEquals(4, out.get(2).get("id").asInt());
        assertEquals("Hello", out.get(2).at("/result/content/0/text").asText());
        assertEquals(false, out.get(2).at("/result/isError").asBoolean());
    }

    @Test
    void a_stream_that_broke_off_ends_in_an_error_result_not_a_short_answer() throws Exception {
        byte[] broke = "data: {\"error\":{\"message\":\"the backend stream broke off\"}}\n\n".getBytes(StandardCharsets.UTF_8);
        List<JsonNode> out = messages(McpProgress.relay(Flux.just(chunk("Hel"), broke), new IntNode(1), new IntNode(9), JSON));
        JsonNode last = out.get(out.size() - 1);
        assertTrue(last.at("/result/isError").asBoolean());
        assertEquals("the backend stream broke off", last.at("/result/content/0/text").asText());
    }

    @Test
    void a_whole_cached_stream_is_split_into_its_events() throws Exception {
        byte[] whole = (new String(chunk("a"), StandardCharsets.UTF_8) + new String(chunk("b"), StandardCharsets.UTF_8)
                + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
        List<JsonNode> out = messages(McpProgress.relay(McpProgress.events(whole), new IntNode(2), new TextNode("t"), JSON));
        assertEquals("ab", out.get(out.size() - 1).at("/result/content/0/text").asText());
        assertEquals(3, out.size());
    }
}
