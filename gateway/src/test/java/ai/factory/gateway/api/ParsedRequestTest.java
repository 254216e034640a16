package ai.factory.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.error.GatewayError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ParsedRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ParsedRequest parse(Operation op, String body) {
        return ParsedRequest.parse(op, body.getBytes(StandardCharsets.UTF_8), JSON);
    }

    private static GatewayError rejected(Operation op, String body) {
        return assertThrows(GatewayError.class, () -> parse(op, body));
    }

    @Test
    void reads_model_and_stream_and_keeps_the_rest() {
        ParsedRequest request = parse(Operation.CHAT,
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"seed\":7}");
        assertEquals("m", request.model());
        assertTrue(request.stream());
        assertEquals(7, request.body().get("seed").asInt());
    }

    @Test
    void a_streamed_responses_body_gets_its_model_spliced_but_no_stream_options() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(
                "{\"model\":\"alias\",\"input\":\"hi\",\"stream\":true}");
        ParsedRequest request = new ParsedRequest(Operation.RESPONSES, body, "alias", true);

        JsonNode sent = JSON.readTree(request.backendBody("served"));
        assertEquals("served", sent.get("model").asText());
        assertTrue(!sent.has("stream_options"), "the Responses API has no usage chunk to ask for: " + sent);
        assertTrue(request.clientWantsUsage(), "response.completed carries usage and reaches the client");
        ParsedRequest chat = new ParsedRequest(Operation.CHAT, (ObjectNode) JSON.readTree(
                "{\"model\":\"alias\",\"messages\":[],\"stream\":true}"), "alias", true);
        assertTrue(JSON.readTree(chat.backendBody("served")).has("stream_options"));
    }

    @Test
    void names_the_missing_or_wrong_field() {
        assertEquals("model", rejected(Operation.CHAT, "{\"model\":\"\",\"messages\":[{}]}").param());
        assertEquals("model", rejected(Operation.CHAT, "{\"model\":3,\"messages\":[{}]}").param());
        assertEquals("messages", rejected(Operation.CHAT, "{\"model\":\"m\",\"messages\":[]}").param());
        assertEquals("prompt", rejected(Operation.COMPLETIONS, "{\"model\":\"m\"}").param());
        assertEquals("input", rejected(Operation.EMBEDDINGS, "{\"model\":\"m\",\"input\":null}").param());
        assertEquals("stream", rejected(Operation.EMBEDDINGS, "{\"model\":\"m\",\"input\":\"x\",\"stream\":true}").param());
        assertEquals(400, rejected(Operation.CHAT, "not json").status());
        assertTrue(rejected(Operation.CHAT, "{\"model\":").getMessage().contains("not valid JSON"));
    }

    @Test
    void nesting_or_numbers_past_the_parser_limits_are_a_400_not_a_crash() {
        String deep = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":" + "[".repeat(5000) + "]".repeat(5000) + "}]}";
        GatewayError nested = rejected(Operation.CHAT, deep);
        assertEquals(400, nested.status());
        assertTrue(nested.getMessage().contains("not valid JSON"), nested.getMessage());
        GatewayError longNumber = rejected(Operation.CHAT, "{\"model\":\"m\",\"max_tokens\":1" + "0".repeat(2000)
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals(400, longNumber.status());
    }

    @Test
    void anything_after_the_json_object_is_a_400() {
        String chat = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        for (String trailing : new String[] {"garbage", chat, "]", " {}"}) {
            GatewayError error = rejected(Operation.CHAT, chat + trailing);
            assertEquals(400, error.status(), trailing);
            assertTrue(error.getMessage().contains("not valid JSON"), error.getMessage());
        }
        assertEquals("m", parse(Operation.CHAT, chat + " \n\t ").model());
    }
}
