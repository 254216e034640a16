package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class InfoEndpointsTest {

    @Test
    void lists_served_models_in_openai_shape() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().servedModels("a", "b").build())) {
            JsonNode body = TestClient.parse(new TestClient(emulator).get("/v1/models").body());

            assertEquals("list", body.get("object").asText());
            assertEquals(2, body.get("data").size());
            assertEquals("a", body.get("data").get(0).get("id").asText());
            assertEquals("model", body.get("data").get(0).get("object").asText());
            assertEquals("b", body.get("data").get(1).get("id").asText());
        }
    }

    @Test
    void lists_a_default_model_when_it_serves_any() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().build())) {
            JsonNode body = TestClient.parse(new TestClient(emulator).get("/v1/models").body());

            assertEquals(EmulatorConfig.DEFAULT_MODEL, body.get("data").get(0).get("id").asText());
        }
    }

    @Test
    void health_is_ok_while_serving() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().build())) {
            HttpResponse<String> response = new TestClient(emulator).get("/health");

            assertEquals(200, response.statusCode());
            assertEquals("ok", response.body());
        }
    }

    @Test
    void unknown_path_is_404_and_wrong_method_405_in_openai_shape() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().build())) {
            TestClient client = new TestClient(emulator);
            HttpResponse<String> unknown = client.get("/v1/nope");
            HttpResponse<String> wrongMethod = client.get("/v1/chat/completions");

            assertEquals(404, unknown.statusCode());
            assertEquals("invalid_request_error",
                    TestClient.parse(unknown.body()).get("error").get("type").asText());
            assertEquals(405, wrongMethod.statusCode());
            assertTrue(TestClient.parse(wrongMethod.body()).get("error").has("message"));
        }
    }

    @Test
    void metrics_use_vllm_names_and_count_tokens() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.profile("fast"))) {
            TestClient client = new TestClient(emulator);
            client.post("/v1/chat/completions", TestClient.chat("m", "one two three", "\"max_tokens\":4"));

            String metrics = client.get("/metrics").body();

            assertTrue(metrics.contains("# TYPE vllm:num_requests_running gauge"), metrics);
            assertTrue(metrics.contains("vllm:num_requests_running{model_name=\"emulated-model\"} 0.0"), metrics);
            assertTrue(metrics.contains("vllm:num_requests_waiting{model_name=\"emulated-model\"} 0.0"), metrics);
            assertTrue(metrics.contains("vllm:kv_cache_usage_perc{"), metrics);
            assertTrue(metrics.contains("vllm:prompt_tokens_total{model_name=\"emulated-model\"} "
                    + (3 + Generator.TOKENS_PER_MESSAGE)), metrics);
            assertTrue(metrics.contains("vllm:generation_tokens_total{model_name=\"emulated-model\"} 4"), metrics);
            assertTrue(metrics.contains(
                    "vllm:request_success_total{model_name=\"emulated-model\",finished_reason=\"length\"} 1"),
                    metrics);
        }
    }
}
