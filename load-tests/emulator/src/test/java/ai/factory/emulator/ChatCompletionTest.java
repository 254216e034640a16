package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatCompletionTest {

    private Emulator emulator;
    private TestClient client;

    @BeforeEach
    void start() {
        emulator = Emulator.start(EmulatorConfig.builder().ttftMillis(5).interTokenMillis(1)
                .servedModels("llama-3-8b", "qwen-2").build());
        client = new TestClient(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void answers_chat_completion_in_openai_shape_with_exact_usage() {
        HttpResponse<String> response = client.post("/v1/chat/completions",
                TestClient.chat("llama-3-8b", "hello there general kenobi", ""));

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode body = TestClient.parse(response.body());
        assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
        assertEquals("chat.completion", body.get("object").asText());
        assertTrue(body.get("created").isIntegralNumber());
        assertEquals("llama-3-8b", body.get("model").asText());
        JsonNode choice = body.get("choices").get(0);
        assertEquals(0, choice.get("index").asInt());
        assertEquals("assistant", choice.get("message").get("role").asText());
        String content = choice.get("message").get("content").asText();
        assertFalse(content.isBlank());
        assertTrue(choice.get("finish_reason").asText().matches("stop|length"));

        JsonNode usage = body.get("usage");
        // 4 words + the documented 4-token per-message overhead.
        assertEquals(4 + Generator.TOKENS_PER_MESSAGE, usage.get("prompt_tokens").asInt());
        assertEquals(Generator.countWords(content), usage.get("completion_tokens").asInt());
        assertEquals(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt(),
                usage.get("total_tokens").asInt());
    }

    @Test
    void same_request_twice_yields_same_content() {
        String request = TestClient.chat("llama-3-8b", "what is a gateway", "");
        String first = content(client.post("/v1/chat/completions", request));
        String second = content(client.post("/v1/chat/completions", request));
        String other = content(client.post("/v1/chat/completions",
                TestClient.chat("llama-3-8b", "something else entirely, with more words", "")));

        assertEquals(first, second);
        assertNotEquals(first, other);
    }

    @Test
    void max_tokens_cuts_the_answer_with_finish_reason_length() {
        JsonNode body = TestClient.parse(client.post("/v1/chat/completions",
                TestClient.chat("llama-3-8b", "tell me a long story", "\"max_tokens\":3")).body());

        assertEquals(3, body.get("usage").get("completion_tokens").asInt());
        assertEquals("length", body.get("choices").get(0).get("finish_reason").asText());
        assertEquals(3, Generator.countWords(body.get("choices").get(0).get("message").get("content").asText()));
    }

    @Test
    void max_completion_tokens_and_ignore_eos_generate_exactly_that_many_tokens() {
        JsonNode body = TestClient.parse(client.post("/v1/chat/completions",
                TestClient.chat("llama-3-8b", "count", "\"max_completion_tokens\":60,\"ignore_eos\":true")).body());

        assertEquals(60, body.get("usage").get("completion_tokens").asInt());
    }

    @Test
    void without_max_tokens_the_answer_is_capped_by_default_max_tokens() {
        emulator.reconfigure(emulator.config().toBuilder().defaultMaxTokens(5).build());

        JsonNode body = TestClient.parse(client.post("/v1/chat/completions",
                TestClient.chat("llama-3-8b", "hi", "")).body());

        assertEquals(5, body.get("usage").get("completion_tokens").asInt());
        assertEquals("length", body.get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void unknown_model_is_404_model_not_found() {
        HttpResponse<String> response = client.post("/v1/chat/completions", TestClient.chat("gpt-9", "hi", ""));

        assertEquals(404, response.statusCode());
        JsonNode error = TestClient.parse(response.body()).get("error");
        assertEquals("model_not_found", error.get("code").asText());
        assertEquals("invalid_request_error", error.get("type").asText());
    }

    @Test
    void malformed_json_is_400_in_openai_error_shape() {
        HttpResponse<String> response = client.post("/v1/chat/completions", "{\"model\": \"llama-3-8b\", ");

        assertEquals(400, response.statusCode());
        JsonNode error = TestClient.parse(response.body()).get("error");
        assertTrue(error.get("message").isTextual());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertTrue(error.has("param"));
        assertTrue(error.has("code"));
    }

    @Test
    void missing_messages_or_model_is_400_naming_the_param() {
        HttpResponse<String> noMessages = client.post("/v1/chat/completions", "{\"model\":\"llama-3-8b\"}");
        HttpResponse<String> noModel = client.post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(400, noMessages.statusCode());
        assertEquals("messages", TestClient.parse(noMessages.body()).get("error").get("param").asText());
        assertEquals(400, noModel.statusCode());
        assertEquals("model", TestClient.parse(noModel.body()).get("error").get("param").asText());
    }

    @Test
    void records_traceparent_and_echoes_request_id() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HttpResponse<String> response = client.send(client.request("/v1/chat/completions")
                .header("traceparent", traceparent)
                .header("x-request-id", "req-123")
                .POST(HttpRequest.BodyPublishers.ofString(TestClient.chat("qwen-2", "hi", "")))
                .build());

        assertEquals(200, response.statusCode());
        assertEquals(traceparent, emulator.lastTraceparent());
        assertEquals("req-123", response.headers().firstValue("x-request-id").orElse(null));
    }

    @Test
    void multi_part_message_content_counts_its_text_parts() {
        String request = "{\"model\":\"qwen-2\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"one two\"},{\"type\":\"text\",\"text\":\"three\"}]}]}";

        JsonNode body = TestClient.parse(client.post("/v1/chat/completions", request).body());

        assertEquals(3 + Generator.TOKENS_PER_MESSAGE, body.get("usage").get("prompt_tokens").asInt());
    }

    @Test
    void counts_requests_served() {
        long before = emulator.requestsServed();
        client.post("/v1/chat/completions", TestClient.chat("qwen-2", "hi", ""));
        client.post("/v1/chat/completions", TestClient.chat("qwen-2", "hi", ""));

        assertEquals(before + 2, emulator.requestsServed());
    }

    private static String content(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return TestClient.parse(response.body()).get("choices").get(0).get("message").get("content").asText();
    }
}
