package ai.factory.gateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway started on the configuration file that terraform/modules/gateway-config renders
 * (the fixture its {@code terraform test} checks byte for byte), with two emulated GPU servers
 * behind its two pools: Terraform and the gateway cannot drift apart unnoticed.
 */
class TerraformRenderedConfigIT {

    static final Path RENDERED = Path.of("..", "terraform", "modules", "gateway-config", "tests", "expected", "gateway.yml");

    private static Emulator h100;
    private static Emulator h200;
    private static GatewayApp app;

    @BeforeAll
    static void start() throws IOException {
        h100 = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build());
        h200 = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build());
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        props.putAll(rendered());
        // The rendered file leaves endpoint URLs to the deployment's environment, as placeholders.
        props.put("GPU_H100_URL", h100.baseUrl());
        props.put("GPU_H200_URL", h200.baseUrl());
        app = GatewayApp.start(props);
    }

    /** Read by Micronaut's own YAML loader, as a file named in MICRONAUT_CONFIG_FILES is. */
    static Map<String, Object> rendered() throws IOException {
        try (InputStream in = Files.newInputStream(RENDERED)) {
            return new YamlPropertySourceLoader().read("terraform", in);
        }
    }

    @AfterAll
    static void stop() {
        app.close();
        h100.close();
        h200.close();
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void serves_a_chat_completion_from_the_first_pool_of_the_rendered_fallback_chain() {
        String key = app.newKey("acme", List.of());
        long before = h100.requestsServed();
        HttpResponse<String> response = app.post("/v1/chat/completions", key, chat("chat-default"));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("chat.completion"), response.body());
        assertEquals(before + 1, h100.requestsServed());
    }

    @Test
    void serves_embeddings_from_the_pool_the_rendered_alias_names() {
        String key = app.newKey("acme", List.of());
        long before = h200.requestsServed();
        HttpResponse<String> response = app.post("/v1/embeddings", key,
                "{\"model\":\"embed-default\",\"input\":[\"a\"]}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(before + 1, h200.requestsServed());
    }

    @Test
    void keeps_a_tenant_to_the_pools_its_rendered_routing_rule_allows() {
        String key = app.newKey("lab", List.of());
        long h100Before = h100.requestsServed();
        long h200Before = h200.requestsServed();
        HttpResponse<String> response = app.post("/v1/chat/completions", key, chat("chat-default"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(h100Before, h100.requestsServed());
        assertEquals(h200Before + 1, h200.requestsServed());
    }

    @Test
    void lists_the_rendered_aliases_as_models() {
        String key = app.newKey("acme", List.of());
        HttpResponse<String> response = app.get("/v1/models", key);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"chat-default\"") && response.body().contains("\"embed-default\""),
                response.body());
    }
}
