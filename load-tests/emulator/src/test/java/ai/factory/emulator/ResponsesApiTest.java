package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResponsesApiTest {

    private Emulator emulator;
    private TestClient client;

    @BeforeEach
    void start() {
        emulator = Emulator.start(EmulatorConfig.builder().ttftMillis(1).interTokenMillis(0).build());
        client = new TestClient(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void answers_a_response_object_with_a_message_and_usage_in_the_responses_names() {
        HttpResponse<String> response = client.post("/v1/responses",
                "{\"model\":\"m\",\"instructions\":\"be brief\",\"input\":\"name three rivers\",\"max_output_tokens\":7}");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = TestClient.parse(response.body());
        assertEquals("response", body.get("object").asText());
        assertTrue(body.get("id").asText().startsWith("resp_"));
        assertEquals("m", body.get("model").asText());
        JsonNode item = body.at("/output/0");
        assertEquals("message", item.get("type").asText());
        String text = item.at("/content/0/text").asText();
        assertFalse(text.isEmpty());
        JsonNode usage = body.get("usage");
        assertTrue(usage.get("input_tokens").asInt() > 0);
        assertTrue(usage.get("output_tokens").asInt() <= 7);
        assertEquals(0, usage.at("/input_tokens_details/cached_tokens").asInt());
        assertEquals(usage.get("input_tokens").asInt() + usage.get("output_tokens").asInt(), usage.get("total_tokens").asInt());
    }

    @Test
    void answers_as_the_chat_endpoint_does_for_the_same_conversation() {
        String chat = client.post("/v1/chat/completions", TestClient.chat("m", "same words", "")).body();
        String responses = client.post("/v1/responses",
                "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"same words\"}]}").body();

        assertEquals(TestClient.parse(chat).at("/choices/0/message/content").asText(),
                TestClient.parse(responses).at("/output/0/content/0/text").asText());
        assertEquals(TestClient.parse(chat).at("/usage/prompt_tokens").asInt(),
                TestClient.parse(responses).at("/usage/input_tokens").asInt());
    }

    @Test
    void an_answer_cut_by_max_output_tokens_is_incomplete() {
        JsonNode body = TestClient.parse(client.post("/v1/responses",
                "{\"model\":\"m\",\"input\":\"go on\",\"max_output_tokens\":2,\"ignore_eos\":true}").body());

        assertEquals("incomplete", body.get("status").asText());
        assertEquals("max_output_tokens", body.at("/incomplete_details/reason").asText());
        assertEquals(2, body.at("/usage/output_tokens").asInt());
    }

    @Test
    void streams_the_typed_events_ending_with_response_completed_and_no_done() {
        TestClient.Stream stream = client.stream("/v1/responses",
                "{\"model\":\"m\",\"input\":\"stream me something\",\"stream\":true,\"max_output_tokens\":4096}");

        assertEquals(200, stream.status());
        assertFalse(stream.endedWithDone());
        List<JsonNode> events = stream.chunks();
        List<String> types = new ArrayList<>();
        StringBuilder deltas = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            types.add(event.get("type").asText());
            assertEquals(i, event.get("sequence_number").asInt());
            if (event.get("type").asText().equals("response.output_text.delta")) {
                deltas.append(event.get("delta").asText());
            }
        }
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added"), types.subList(0, 4));
        assertEquals(List.of("response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed"), types.subList(types.size() - 4, types.size()));
        JsonNode completed = events.get(events.size() - 1).get("response");
        assertEquals(deltas.toString(), completed.at("/output/0/content/0/text").asText());
        assertEquals(types.size() - 8, completed.at("/usage/output_tokens").asInt());
        assertTrue(completed.at("/usage/input_tokens").asInt() > 0);
    }

    @Test
    void refuses_a_missing_input_as_openai_does() {
        HttpResponse<String> response = client.post("/v1/responses", "{\"model\":\"m\"}");

        assertEquals(400, response.statusCode());
        assertEquals("input", TestClient.parse(response.body()).at("/error/param").asText());
    }
}
