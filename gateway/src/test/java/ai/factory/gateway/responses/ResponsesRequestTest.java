package ai.factory.gateway.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.error.GatewayError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    private static ObjectNode chat(String json, List<JsonNode> history) throws Exception {
        return ResponsesRequest.parse(body(json)).chat(history);
    }

    @Test
    void a_string_input_with_instructions_is_a_system_then_a_user_message() throws Exception {
        ObjectNode chat = chat("{'model':'m','input':'hi','instructions':'be brief','max_output_tokens':9,"
                + "'temperature':0.5,'top_p':0.9}", List.of());
        assertEquals(JSON.readTree("[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}]"),
                chat.get("messages"));
        assertEquals(9, chat.get("max_tokens").asInt());
        assertEquals(0.5, chat.get("temperature").asDouble());
        assertEquals(0.9, chat.get("top_p").asDouble());
        assertFalse(chat.has("stream"));
    }

    @Test
    void the_history_comes_after_the_new_instructions_and_before_the_new_input() throws Exception {
        JsonNode earlier = JSON.readTree("{\"role\":\"user\",\"content\":\"before\"}");
        ObjectNode chat = chat("{'model':'m','input':'now','instructions':'sys'}", List.of(earlier));
        assertEquals(List.of("system", "user", "user"), roles(chat));
        assertEquals("before", chat.at("/messages/1/content").asText());
    }

    @Test
    void function_calls_and_their_outputs_become_one_assistant_turn_and_tool_messages() throws Exception {
        ObjectNode chat = chat("{'model':'m','input':[{'role':'user','content':[{'type':'input_text','text':'go'}]},"
                + "{'type':'function_call','call_id':'c1','name':'f','arguments':'{}'},"
                + "{'type':'function_call','call_id':'c2','name':'g','arguments':'{\\'a\\':1}'},"
                + "{'type':'function_call_output','call_id':'c1','output':'one'},"
                + "{'type':'function_call_output','call_id':'c2','output':'two'}],"
                + "'tools':[{'type':'function','name':'f','parameters':{'type':'object'}},{'type':'function','name':'g'}],"
                + "'tool_choice':{'type':'function','name':'f'}}", List.of());
        assertEquals(List.of("user", "assistant", "tool", "tool"), roles(chat));
        assertEquals("text", chat.at("/messages/0/content/0/type").asText());
        assertEquals(2, chat.at("/messages/1/tool_calls").size());
        assertEquals("g", chat.at("/messages/1/tool_calls/1/function/name").asText());
        assertEquals("c2", chat.at("/messages/3/tool_call_id").asText());
        assertEquals("f", chat.at("/tools/0/function/name").asText());
        assertEquals("object", chat.at("/tools/1/function/parameters/type").asText(), "a tool without parameters takes any object");
        assertEquals("f", chat.at("/tool_choice/function/name").asText());
    }

    @Test
    void a_json_schema_text_format_is_the_chat_response_format() throws Exception {
        ObjectNode chat = chat("{'model':'m','input':'x','text':{'format':{'type':'json_schema','name':'p','strict':true,"
                + "'schema':{'type':'object'}}}}", List.of());
        assertEquals("json_schema", chat.at("/response_format/type").asText());
        assertEquals("p", chat.at("/response_format/json_schema/name").asText());
        assertTrue(chat.at("/response_format/json_schema/strict").asBoolean());
        assertEquals("object", chat.at("/response_format/json_schema/schema/type").asText());
    }

    @Test
    void streaming_asks_the_backend_for_the_usage_chunk() throws Exception {
        ObjectNode chat = chat("{'model':'m','input':'x','stream':true}", List.of());
        assertTrue(chat.get("stream").asBoolean());
        assertTrue(chat.at("/stream_options/include_usage").asBoolean());
    }

    @Test
    void store_defaults_to_true_and_previous_response_id_is_read() throws Exception {
        ResponsesRequest request = ResponsesRequest.parse(body("{'model':'m','input':'x','previous_response_id':'resp_1'}"));
        assertTrue(request.store());
        assertEquals("resp_1", request.previousResponseId());
        assertFalse(ResponsesRequest.parse(body("{'model':'m','input':'x','store':false}")).store());
    }

    @Test
    void bad_fields_are_refused_with_the_parameter_named() {
        assertParam("input", "{'model':'m'}");
        assertParam("input", "{'model':'m','input':[]}");
        assertParam("model", "{'input':'x'}");
        assertParam("stream", "{'model':'m','input':'x','stream':'yes'}");
        assertParam("temperature", "{'model':'m','input':'x','temperature':'hot'}");
        assertParam("input[0].role", "{'model':'m','input':[{'type':'message','role':'robot','content':'x'}]}");
        assertParam("input[0].call_id", "{'model':'m','input':[{'type':'function_call_output','output':'x'}]}");
        assertParam("input[0].content[0].type", "{'model':'m','input':[{'role':'user','content':[{'type':'input_file'}]}]}");
        assertParam("tools[0].name", "{'model':'m','input':'x','tools':[{'type':'function'}]}");
        assertParam("tool_choice", "{'model':'m','input':'x','tool_choice':'sometimes'}");
        assertParam("text.format.type", "{'model':'m','input':'x','text':{'format':{'type':'yaml'}}}");
    }

    private static void assertParam(String param, String json) {
        GatewayError error = assertThrows(GatewayError.class, () -> ResponsesRequest.parse(body(json)).chat(List.of()));
        assertEquals(400, error.status());
        assertEquals(param, error.param());
    }

    private static List<String> roles(ObjectNode chat) {
        List<String> roles = new ArrayList<>();
        chat.get("messages").forEach(m -> roles.add(m.get("role").asText()));
        return roles;
    }
}
