package ai.factory.gateway.products;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A product whose manifest names a LoRA adapter is sent to the pool running the adapter's base
 * model with the adapter's name as the model: the emulator serves only the base and the adapter,
 * so any other name would be a 404.
 */
class AdapterProductIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Emulator emulator;
    private static GatewayApp app;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0)
                .servedModels("base-model", "sentiment-lora").build());
        Path dir = Files.createTempDirectory("adapter-products");
        for (String id : List.of("sentiment-lora", "sentiment-elsewhere")) {
            Path product = Files.createDirectories(dir.resolve(id));
            for (String file : List.of("system.txt", "user.txt")) {
                try (var in = AdapterProductIT.class.getResourceAsStream("/products/sentiment/" + file)) {
                    Files.write(product.resolve(file), in.readAllBytes());
                }
            }
            String manifest;
            try (var in = AdapterProductIT.class.getResourceAsStream("/products/sentiment/manifest.yaml")) {
                manifest = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            String model = id.equals("sentiment-lora") ? "chat-default" : "chat-other";
            manifest = manifest.replace("id: sentiment\n", "id: " + id + "\n")
                    .replace("model: chat-default\n", "model: " + model + "\nadapter:\n  name: sentiment-lora\n  base: base-model\n");
            Files.writeString(product.resolve("manifest.yaml"), manifest);
        }
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        props.put("gateway.products.dir", dir.toString());
        GatewayApp.pool(props, "gpu", 64, emulator.baseUrl());
        GatewayApp.alias(props, "chat-default", "gpu=base-model");
        GatewayApp.alias(props, "chat-other", "gpu=other-model");
        app = GatewayApp.start(props);
        key = app.newKey("adapters", List.of());
    }

    @AfterAll
    static void stop() {
        app.close();
        emulator.close();
    }

    private static String input() {
        return "{\"input\":{\"text\":\"The pho was excellent but the wait was long.\"}}";
    }

    @Test
    void a_product_with_an_adapter_reaches_the_server_under_the_adapters_name() throws Exception {
        HttpResponse<String> response = app.post("/v1/products/sentiment-lora/invoke", key, input());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("sentiment-lora", body.get("model").asText(), "the emulator answered as the adapter");
    }

    @Test
    void a_plain_call_on_the_same_alias_still_asks_for_the_base_model() throws Exception {
        HttpResponse<String> response = app.post("/v1/chat/completions", key,
                "{\"model\":\"chat-default\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("base-model", JSON.readTree(response.body()).get("model").asText());
    }

    @Test
    void an_adapter_product_on_an_alias_without_its_base_model_is_refused_before_any_call() throws Exception {
        HttpResponse<String> response = app.post("/v1/products/sentiment-elsewhere/invoke", key, input());
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("model_not_allowed", JSON.readTree(response.body()).at("/error/code").asText());
    }
}
