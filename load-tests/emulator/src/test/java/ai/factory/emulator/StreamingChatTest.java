package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamingChatTest {

    private Emulator emulator;
    private TestClient client;

    @BeforeEach
    void start() {
        emulator = Emulator.start(EmulatorConfig.builder().ttftMillis(5).interTokenMillis(1).build());
        client = new TestClient(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void streams_role_chunk_then_one_chunk_per_token_then_done() {
        TestClient.Stream stream = client.stream("/v1/chat/completions",
                TestClient.chat("any-model", "stream me something", "\"stream\":true"));

        assertEquals(200, stream.status());
        assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
        assertNull(stream.error());
        assertTrue(stream.endedWithDone());
        List<JsonNode> chunks = stream.chunks();
        JsonNode first = chunks.get(0).get("choices").get(0).get("delta");
        assertEquals("assistant", first.get("role").asText());
        assertEquals("", first.get("content").asText());
        String id = chunks.get(0).get("id").asText();
        for (JsonNode chunk : chunks) {
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            assertEquals(id, chunk.get("id").asText());
            assertEquals("any-model", chunk.get("model").asText());
            assertFalse(chunk.has("usage"), "usage only when asked for");
        }
        JsonNode last = chunks.get(chunks.size() - 1).get("choices").get(0);
        assertTrue(last.get("finish_reason").asText().matches("stop|length"));
        assertFalse(last.get("delta").get("content").asText().isEmpty());
        for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(chunk.get("choices").get(0).get("finish_reason").isNull());
        }
    }

    @Test
    void include_usage_adds_a_usage_chunk_with_no_choices_before_done() {
        TestClient.Stream stream = client.stream("/v1/chat/completions", TestClient.chat("m",
                "one two three", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        assertTrue(stream.endedWithDone());
        List<JsonNode> chunks = stream.chunks();
        JsonNode usageChunk = chunks.get(chunks.size() - 1);
        assertEquals(0, usageChunk.get("choices").size());
        JsonNode usage = usageChunk.get("usage");
        int tokenChunks = chunks.size() - 2; // minus the role chunk and the usage chunk
        assertEquals(tokenChunks, usage.get("completion_tokens").asInt());
        assertEquals(3 + Generator.TOKENS_PER_MESSAGE, usage.get("prompt_tokens").asInt());
        assertEquals(usage.get("prompt_tokens").asInt() + tokenChunks, usage.get("total_tokens").asInt());
    }

    @Test
    void streamed_content_equals_the_non_streamed_answer() {
        String question = "the same question both ways";
        StringBuilder streamed = new StringBuilder();
        for (JsonNode chunk : client.stream("/v1/chat/completions",
                TestClient.chat("m", question, "\"stream\":true")).chunks()) {
            streamed.append(chunk.get("choices").get(0).get("delta").get("content").asText());
        }
        JsonNode whole = TestClient.parse(client.post("/v1/chat/completions",
                TestClient.chat("m", question, "")).body());

        assertEquals(whole.get("choices").get(0).get("message").get("content").asText(), streamed.toString());
    }

    @Test
    void streams_first_chunk_before_generation_finishes() {
        emulator.reconfigure(emulator.config().toBuilder().ttftMillis(50).interTokenMillis(200).build());

        TestClient.Stream stream = client.stream("/v1/chat/completions", TestClient.chat("m", "slowly please",
                "\"stream\":true,\"max_tokens\":6"));

        List<TestClient.Event> events = stream.events();
        assertTrue(stream.endedWithDone());
        assertEquals(1 + 6 + 1, events.size()); // role, 6 tokens, [DONE]
        long firstToken = events.get(1).arrivedNanos();
        long lastToken = events.get(6).arrivedNanos();
        // Five intervals of 200 ms separate the first and last tokens; a server that buffered
        // the answer would deliver them together. Only a lower bound: slow machines stay green.
        assertTrue((lastToken - firstToken) / 1_000_000 >= 500,
                "tokens arrived " + (lastToken - firstToken) / 1_000_000 + " ms apart");
    }

    @Test
    void first_chunk_is_readable_while_the_sequence_still_holds_its_slot() throws Exception {
        emulator.reconfigure(emulator.config().toBuilder().ttftMillis(10).interTokenMillis(300).build());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> response = http.send(client.request("/v1/chat/completions")
                .POST(HttpRequest.BodyPublishers.ofString(
                        TestClient.chat("m", "hi", "\"stream\":true,\"max_tokens\":8"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith("data: ")) {
                // skip to the first event
            }
            assertTrue(line != null && line.contains("\"role\":\"assistant\""), line);
            // ~2 s of generation remain: the emulator is still generating this very sequence.
            assertEquals(1, emulator.running());
            while ((line = reader.readLine()) != null) {
                // drain to the end
            }
        }
        assertTrue(TestClient.eventually(Duration.ofSeconds(10), () -> emulator.running() == 0));
    }
}
