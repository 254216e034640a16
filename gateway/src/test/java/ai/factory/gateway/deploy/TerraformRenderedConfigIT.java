package ai.factory.gateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway started on the configuration file that terraform/modules/gateway-config renders
 * (the fixture its {@code terraform test} checks byte for byte), with two emulated GPU servers
 * behind its two pools: Terraform and the gateway cannot drift apart unnoticed.
 */
class TerraformRenderedConfigIT {

    static final Path RENDERED = Path.of("..", "terraform", "modules", "gateway-config", "tests", "expected", "gateway.yml");

    // The rendered file declares the pools and leaves endpoint URLs to the deployment's
    // environment, as placeholders: the emulators are servers the placeholders name, not pools.
    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulatorServer("h100", EmulatorConfig.profileBuilder("fast"))
            .emulatorServer("h200", EmulatorConfig.profileBuilder("fast"))
            .properties(rendered())
            .urlProperty("GPU_H100_URL", "h100", "")
            .urlProperty("GPU_H200_URL", "h200", "")
            .tenant("acme")
            .tenant("lab")
            .build();

    /** Read by Micronaut's own YAML loader, as a file named in MICRONAUT_CONFIG_FILES is. */
    static Map<String, Object> rendered() {
        try (InputStream in = Files.newInputStream(RENDERED)) {
            return new YamlPropertySourceLoader().read("terraform", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String chat(String model) {
        return Bodies.chat(model).maxTokens(5).user("hi").json();
    }

    @Test
    void serves_a_chat_completion_from_the_first_pool_of_the_rendered_fallback_chain(
            GatewayApp app, @Key("acme") String key, @Pool("h100") Emulator h100) {
        long before = h100.requestsServed();
        HttpResponse<String> response = app.post("/v1/chat/completions", key, chat("chat-default"));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("chat.completion"), response.body());
        assertEquals(before + 1, h100.requestsServed());
    }

    @Test
    void serves_embeddings_from_the_pool_the_rendered_alias_names(
            GatewayApp app, @Key("acme") String key, @Pool("h200") Emulator h200) {
        long before = h200.requestsServed();
        HttpResponse<String> response = app.post("/v1/embeddings", key,
                Bodies.object().put("model", "embed-default").put("input", List.of("a")).json());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(before + 1, h200.requestsServed());
    }

    @Test
    void keeps_a_tenant_to_the_pools_its_rendered_routing_rule_allows(
            GatewayApp app, @Key("lab") String key, @Pool("h100") Emulator h100, @Pool("h200") Emulator h200) {
        long h100Before = h100.requestsServed();
        long h200Before = h200.requestsServed();
        HttpResponse<String> response = app.post("/v1/chat/completions", key, chat("chat-default"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(h100Before, h100.requestsServed());
        assertEquals(h200Before + 1, h200.requestsServed());
    }

    @Test
    void lists_the_rendered_aliases_as_models(GatewayApp app, @Key("acme") String key) {
        HttpResponse<String> response = app.get("/v1/models", key);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"chat-default\"") && response.body().contains("\"embed-default\""),
                response.body());
    }
}
