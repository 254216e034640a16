package ai.factory.gateway.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.factory.gateway.error.GatewayError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassthroughBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void the_stored_conversation_and_this_input_become_input_items_and_the_gateways_fields_stay_home() throws Exception {
        ResponsesRequest request = ResponsesRequest.parse(json("{\"model\":\"m\",\"input\":\"And now?\","
                + "\"previous_response_id\":\"resp_1\",\"instructions\":\"terse\",\"max_output_tokens\":50,\"stream\":true}"));
        List<JsonNode> history = List.of(
                json("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"look\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}"),
                json("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}"),
                json("{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"42\"}"),
                json("{\"role\":\"assistant\",\"content\":\"It is 42.\"}"));

        ObjectNode body = PassthroughBody.of(request, history);

        assertFalse(body.has("previous_response_id"), "the id is the gateway's");
        assertFalse(body.get("store").asBoolean(), "the gateway keeps the state");
        assertEquals("terse", body.get("instructions").asText());
        assertEquals(50, body.get("max_output_tokens").asInt());
        JsonNode input = body.get("input");
        assertEquals(5, input.size(), input.toString());
        assertEquals("input_text", input.at("/0/content/0/type").asText());
        assertEquals("https://x/y.png", input.at("/0/content/1/image_url").asText());
        assertEquals("function_call", input.at("/1/type").asText());
        assertEquals("call_1", input.at("/1/call_id").asText());
        assertEquals("f", input.at("/1/name").asText());
        assertEquals("function_call_output", input.at("/2/type").asText());
        assertEquals("42", input.at("/2/output").asText());
        assertEquals("assistant", input.at("/3/role").asText());
        assertEquals("It is 42.", input.at("/3/content").asText());
        assertEquals("user", input.at("/4/role").asText());
        assertEquals("And now?", input.at("/4/content").asText());
        assertEquals("m", request.body().get("model").asText());
        assertEquals("resp_1", request.body().get("previous_response_id").asText(), "the client's body is not changed");
    }

    @Test
    void a_request_the_translation_refuses_is_refused_for_a_passthrough_pool_too() throws Exception {
        ResponsesRequest request = ResponsesRequest.parse(json("{\"model\":\"m\",\"input\":\"hi\","
                + "\"tools\":[{\"type\":\"web_search\"}]}"));
        GatewayError error = assertThrows(GatewayError.class, () -> PassthroughBody.of(request, List.of()));
        assertEquals("tools[0].type", error.param());
    }
}
