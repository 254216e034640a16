package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CompletionsTest {

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
    void answers_text_completion_with_text_choice_and_usage() {
        HttpResponse<String> response = client.post("/v1/completions",
                "{\"model\":\"m\",\"prompt\":\"once upon a time\",\"max_tokens\":7}");

        assertEquals(200, response.statusCode());
        JsonNode body = TestClient.parse(response.body());
        assertEquals("text_completion", body.get("object").asText());
        assertTrue(body.get("id").asText().startsWith("cmpl-"));
        JsonNode choice = body.get("choices").get(0);
        assertEquals(7, Generator.countWords(choice.get("text").asText()));
        assertEquals("length", choice.get("finish_reason").asText());
        assertEquals(4, body.get("usage").get("prompt_tokens").asInt());
        assertEquals(7, body.get("usage").get("completion_tokens").asInt());
        assertEquals(11, body.get("usage").get("total_tokens").asInt());
    }

    @Test
    void accepts_a_prompt_array() {
        JsonNode body = TestClient.parse(client.post("/v1/completions",
                "{\"model\":\"m\",\"prompt\":[\"one two\",\"three\"]}").body());

        assertEquals(3, body.get("usage").get("prompt_tokens").asInt());
        assertFalse(body.get("choices").get(0).get("text").asText().isEmpty());
    }

    @Test
    void streams_text_completion_chunks_with_usage_when_asked() {
        TestClient.Stream stream = client.stream("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi there\","
                + "\"max_tokens\":5,\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

        assertTrue(stream.endedWithDone());
        List<JsonNode> chunks = stream.chunks();
        assertEquals(5 + 1, chunks.size()); // five tokens, one usage chunk
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks.subList(0, 5)) {
            assertEquals("text_completion", chunk.get("object").asText());
            text.append(chunk.get("choices").get(0).get("text").asText());
        }
        assertEquals("length", chunks.get(4).get("choices").get(0).get("finish_reason").asText());
        assertEquals(5, Generator.countWords(text.toString()));
        assertEquals(5, chunks.get(5).get("usage").get("completion_tokens").asInt());
        assertEquals(2, chunks.get(5).get("usage").get("prompt_tokens").asInt());
    }

    @Test
    void missing_prompt_is_400() {
        HttpResponse<String> response = client.post("/v1/completions", "{\"model\":\"m\"}");

        assertEquals(400, response.statusCode());
        assertEquals("prompt", TestClient.parse(response.body()).get("error").get("param").asText());
    }
}
