package ai.factory.gateway.products;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import ai.factory.gateway.support.TestServers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A product whose manifest names a LoRA adapter is sent to the pool running the adapter's base
 * model with the adapter's name as the model: the emulator serves only the base and the adapter,
 * so any other name would be a 404.
 */
class AdapterProductIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    // "other" is a second pool on the same emulator; the tenant other-only may use only it, and it
    // does not run the adapter's base.
    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast").servedModels("base-model", "sentiment-lora"))
            .poolOn("other", "gpu")
            .alias("chat-default", "gpu=base-model", "other=other-model")
            .property("gateway.products.dir", products("sentiment-lora", "chat-default").toString())
            .property("gateway.tenant-routing.other-only.allowed-pools[0]", "other")
            .tenant("adapters")
            .tenant("other-only")
            .build();

    /** A product folder with one copy of the sentiment product, served as an adapter of base-model through {@code alias}. */
    private static Path products(String id, String alias) {
        try {
            return writeProducts(id, alias);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeProducts(String id, String alias) throws IOException {
        Path dir = Files.createTempDirectory("adapter-products");
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
        manifest = manifest.replace("id: sentiment\n", "id: " + id + "\n")
                .replace("model: chat-default\n", "model: " + alias + "\nadapter:\n  name: sentiment-lora\n  base: base-model\n");
        Files.writeString(product.resolve("manifest.yaml"), manifest);
        return dir;
    }

    private static String input() {
        return Bodies.object().put("input", Map.of("text", "The pho was excellent but the wait was long.")).json();
    }

    @Test
    void a_product_with_an_adapter_reaches_the_server_under_the_adapters_name(
            GatewayApp app, @Key("adapters") String key) throws Exception {
        HttpResponse<String> response = app.post("/v1/products/sentiment-lora/invoke", key, input());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("sentiment-lora", body.get("model").asText(), "the emulator answered as the adapter");
    }

    @Test
    void a_plain_call_on_the_same_alias_still_asks_for_the_base_model(
            GatewayApp app, @Key("adapters") String key) throws Exception {
        HttpResponse<String> response = app.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").user("hi").json());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("base-model", JSON.readTree(response.body()).get("model").asText());
    }

    @Test
    void a_tenant_allowed_only_pools_without_the_base_model_is_refused_before_any_call(
            GatewayApp app, @Key("other-only") String key) throws Exception {
        HttpResponse<String> response = app.post("/v1/products/sentiment-lora/invoke", key, input());
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("model_not_allowed", JSON.readTree(response.body()).at("/error/code").asText());
    }

    @Test
    void an_adapter_product_whose_alias_has_no_target_running_its_base_stops_the_start(@Pool("gpu") Emulator emulator) {
        // A start that must fail: its own configuration, not the fixture's.
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        props.put("gateway.products.dir", products("sentiment-lora", "chat-other").toString());
        GatewayApp.pool(props, "gpu", 64, emulator.baseUrl());
        GatewayApp.alias(props, "chat-other", "gpu=other-model");
        Exception failed = assertThrows(Exception.class, () -> GatewayApp.start(props).close());
        String why = String.valueOf(failed.getMessage()) + failed.getCause();
        for (Throwable t = failed; t != null; t = t.getCause()) {
            why += " | " + t.getMessage();
        }
        assertTrue(why.contains("adapter 'sentiment-lora' needs a target of model 'chat-other' serving its base 'base-model'"),
                why);
    }
}
