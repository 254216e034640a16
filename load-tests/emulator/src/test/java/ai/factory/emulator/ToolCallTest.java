package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ToolCallTest {

    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"days\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":7}},\"required\":[\"city\",\"days\"]}}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"time\",\"parameters\":{\"type\":\"object\"}}}]";

    private Emulator emulator;
    private TestClient client;

    @BeforeEach
    void start() {
        emulator = Emulator.start(EmulatorConfig.profile("fast"));
        client = new TestClient(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void a_user_message_naming_a_tool_with_the_marker_gets_a_call_whose_arguments_fit_its_schema() {
        JsonNode body = TestClient.parse(client.post("/v1/chat/completions",
                TestClient.chat("m", "please call:weather for Paris", TOOLS)).body());

        JsonNode choice = body.get("choices").get(0);
        assertEquals("tool_calls", choice.get("finish_reason").asText());
        assertTrue(choice.get("message").get("content").isNull());
        JsonNode call = choice.get("message").get("tool_calls").get(0);
        assertEquals("weather", call.at("/function/name").asText());
        assertTrue(call.get("id").asText().startsWith("call_"));
        JsonNode arguments = TestClient.parse(call.at("/function/arguments").asText());
        assertTrue(arguments.get("city").isTextual());
        int days = arguments.get("days").asInt();
        assertTrue(days >= 1 && days <= 7, "days within the schema's bounds: " + days);
    }

    @Test
    void tool_choice_required_calls_the_first_tool_and_a_named_function_calls_that_one() {
        JsonNode required = TestClient.parse(client.post("/v1/chat/completions",
                TestClient.chat("m", "hello", TOOLS + ",\"tool_choice\":\"required\"")).body());
        assertEquals("weather", required.at("/choices/0/message/tool_calls/0/function/name").asText());

        JsonNode named = TestClient.parse(client.post("/v1/chat/completions", TestClient.chat("m", "hello",
                TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"time\"}}")).body());
        assertEquals("time", named.at("/choices/0/message/tool_calls/0/function/name").asText());
    }

    @Test
    void without_the_marker_or_after_a_tool_result_the_answer_is_text() {
        JsonNode plain = TestClient.parse(client.post("/v1/chat/completions",
                TestClient.chat("m", "what is the weather", TOOLS)).body());
        assertFalse(plain.at("/choices/0/message/content").asText().isEmpty());
        assertTrue(plain.at("/choices/0/message/tool_calls").isMissingNode());

        String afterResult = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"call:weather\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}]," + TOOLS + "}";
        JsonNode answer = TestClient.parse(client.post("/v1/chat/completions", afterResult).body());
        assertTrue(answer.at("/choices/0/message/tool_calls").isMissingNode());
        assertFalse(answer.at("/choices/0/message/content").asText().isEmpty());
    }

    @Test
    void a_streamed_call_sends_its_name_once_and_arguments_that_join_to_the_json() {
        TestClient.Stream stream = client.stream("/v1/chat/completions", TestClient.chat("m", "call:weather",
                TOOLS + ",\"stream\":true"));
        List<JsonNode> chunks = stream.chunks();
        StringBuilder arguments = new StringBuilder();
        int names = 0;
        for (JsonNode chunk : chunks) {
            JsonNode call = chunk.at("/choices/0/delta/tool_calls/0");
            if (!call.isMissingNode()) {
                names += call.at("/function/name").isTextual() ? 1 : 0;
                arguments.append(call.at("/function/arguments").asText());
            }
        }
        assertEquals(1, names);
        assertTrue(TestClient.parse(arguments.toString()).get("city").isTextual(), arguments.toString());
        assertEquals("tool_calls", chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText());
    }
}
