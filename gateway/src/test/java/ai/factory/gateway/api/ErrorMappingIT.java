package ai.factory.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import ai.factory.gateway.tenant.ApiKey;
import ai.factory.gateway.tenant.ApiKeyRepository;
import ai.factory.gateway.auth.ApiKeyCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every failure reaches the client as an OpenAI error body with the status SDKs expect. */
class ErrorMappingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static WireMockServer backend;
    private static GatewayApp app;
    private static String key;
    private static String deadUrl;

    @BeforeAll
    static void start() {
        backend = new WireMockServer(options().dynamicPort());
        backend.start();
        deadUrl = "http://127.0.0.1:" + TestServers.freePort();
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        props.put("micronaut.server.max-request-size", "4KB");
        props.put("gateway.first-byte-timeout", "700ms");
        GatewayApp.pool(props, "wm", 8, backend.baseUrl());
        GatewayApp.pool(props, "narrow", 1, backend.baseUrl());
        GatewayApp.pool(props, "dead", 8, deadUrl);
        GatewayApp.alias(props, "chat-default", "wm");
        GatewayApp.alias(props, "embed-default", "wm");
        GatewayApp.alias(props, "narrow-model", "narrow");
        GatewayApp.alias(props, "dead-model", "dead");
        GatewayApp.alias(props, "with-fallback", "dead", "wm=fallback-model");
        app = GatewayApp.start(props);
        key = app.newKey("acme", List.of());
    }

    @AfterAll
    static void stop() {
        app.close();
        backend.stop();
    }

    @BeforeEach
    void reset() {
        backend.resetAll();
    }

    private static JsonNode error(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertTrue(response.headers().firstValue("x-request-id").isPresent(), "every error carries x-request-id");
        JsonNode error = JSON.readTree(response.body()).get("error");
        for (String field : List.of("message", "type", "param", "code")) {
            assertTrue(error.has(field), "error has '" + field + "': " + response.body());
        }
        return error;
    }

    @Test
    void malformed_or_incomplete_bodies_get_400_naming_the_field() throws Exception {
        assertEquals("invalid_request_error", error(app.post("/v1/chat/completions", key, "{\"model\":"), 400).get("type").asText());
        assertEquals("model", error(app.post("/v1/chat/completions", key, "{\"messages\":[]}"), 400).get("param").asText());
        assertEquals("messages", error(app.post("/v1/chat/completions", key, "{\"model\":\"chat-default\"}"), 400).get("param").asText());
        assertEquals("messages", error(app.post("/v1/chat/completions", key, "{\"model\":\"chat-default\",\"messages\":\"hi\"}"), 400).get("param").asText());
        assertEquals("stream", error(app.post("/v1/chat/completions", key, "{\"model\":\"chat-default\",\"messages\":[{}],\"stream\":\"yes\"}"), 400).get("param").asText());
        assertEquals("input", error(app.post("/v1/embeddings", key, "{\"model\":\"embed-default\"}"), 400).get("param").asText());
        assertEquals("prompt", error(app.post("/v1/completions", key, "{\"model\":\"chat-default\"}"), 400).get("param").asText());
        error(app.post("/v1/chat/completions", key, "[1,2]"), 400);
        error(app.post("/v1/chat/completions", key, ""), 400);
        assertEquals(0, backend.getAllServeEvents().size(), "nothing invalid reaches a backend");
    }

    @Test
    void missing_unknown_revoked_and_expired_keys_get_401() throws Exception {
        assertEquals("invalid_api_key", error(app.post("/v1/chat/completions", null, CHAT.formatted("chat-default")), 401).get("code").asText());
        error(app.post("/v1/chat/completions", "sk-gw-unknown", CHAT.formatted("chat-default")), 401);
        error(app.get("/v1/models", "sk-gw-unknown"), 401);

        String revoked = app.newKey("acme", List.of());
        ApiKeyRepository keys = app.context().getBean(ApiKeyRepository.class);
        ApiKey record = keys.findByKeyHash(ApiKeyCodec.hash(revoked)).orElseThrow();
        app.context().getBean(ai.factory.gateway.admin.KeyService.class).revoke("acme", record.id());
        error(app.post("/v1/chat/completions", revoked, CHAT.formatted("chat-default")), 401);

        String expiredKey = ApiKeyCodec.newKey();
        keys.save(new ApiKey(ApiKeyCodec.newKeyId(), "acme", "old", ApiKeyCodec.shownPrefix(expiredKey),
                ApiKeyCodec.hash(expiredKey), ApiKey.ACTIVE, null, Instant.now().minusSeconds(60), null, null));
        assertTrue(error(app.post("/v1/chat/completions", expiredKey, CHAT.formatted("chat-default")), 401)
                .get("message").asText().contains("expired"));
    }

    @Test
    void model_outside_the_keys_allow_list_gets_403_and_unknown_model_404() throws Exception {
        String embedOnly = app.newKey("acme", List.of("embed-default"));
        assertEquals("model_not_allowed", error(app.post("/v1/chat/completions", embedOnly, CHAT.formatted("chat-default")), 403).get("code").asText());
        assertEquals("model_not_found", error(app.post("/v1/chat/completions", key, CHAT.formatted("gpt-17")), 404).get("code").asText());
        JsonNode models = JSON.readTree(app.get("/v1/models", embedOnly).body());
        assertEquals(1, models.get("data").size());
        assertEquals("embed-default", models.at("/data/0/id").asText());
    }

    @Test
    void body_over_the_size_limit_gets_413() throws Exception {
        String big = CHAT.formatted("chat-default").replace("hi", "x".repeat(8 * 1024));
        assertEquals("request_too_large", error(app.post("/v1/chat/completions", key, big), 413).get("code").asText());
    }

    @Test
    void backend_5xx_gets_502_naming_the_pool_but_not_the_backends_answer() throws Exception {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(500).withBody("CUDA out of memory")));
        JsonNode error = error(app.post("/v1/chat/completions", key, CHAT.formatted("chat-default")), 502);
        String message = error.get("message").asText();
        assertEquals("backend_error", error.get("code").asText());
        assertTrue(message.contains("pools tried: wm") && !message.contains(backend.baseUrl())
                && !message.contains("CUDA out of memory"), message);
    }

    @Test
    void refused_connection_gets_502_and_reset_connection_too() throws Exception {
        String refused = error(app.post("/v1/chat/completions", key, CHAT.formatted("dead-model")), 502)
                .get("message").asText();
        assertTrue(refused.contains("pools tried: dead") && !refused.contains(deadUrl), refused);
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        error(app.post("/v1/chat/completions", key, CHAT.formatted("chat-default")), 502);
    }

    @Test
    void backend_slower_than_the_first_byte_timeout_gets_504() throws Exception {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withFixedDelay(3000).withBody("{}")));
        assertEquals("backend_timeout", error(app.post("/v1/chat/completions", key, CHAT.formatted("chat-default")), 504).get("code").asText());
    }

    @Test
    void pool_at_its_concurrency_cap_gets_503_with_retry_after() throws Exception {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withFixedDelay(600).withBody("{}")));
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> app.post("/v1/chat/completions", key, CHAT.formatted("narrow-model")));
        while (backend.getAllServeEvents().isEmpty()) {
            Thread.sleep(10);
        }
        HttpResponse<String> second = app.post("/v1/chat/completions", key, CHAT.formatted("narrow-model"));
        assertEquals("backend_unavailable", error(second, 503).get("code").asText());
        assertTrue(second.headers().firstValue("retry-after").isPresent());
        assertEquals(200, first.get().statusCode());
    }

    @Test
    void failed_target_falls_back_to_the_next_and_says_so() throws Exception {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withBody("{\"ok\":true}")));
        HttpResponse<String> response = app.post("/v1/chat/completions", key, CHAT.formatted("with-fallback"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("1", response.headers().firstValue("x-gateway-fallbacks").orElseThrow());
        assertTrue(response.headers().firstValue("x-gateway-served-by").orElseThrow().contains("model=fallback-model"));
    }

    @Test
    void when_every_target_fails_the_error_names_each_pool_tried() throws Exception {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(503).withBody("warming up")));
        String message = error(app.post("/v1/chat/completions", key, CHAT.formatted("with-fallback")), 502).get("message").asText();
        assertTrue(message.contains("all 2 attempts failed"), message);
        assertTrue(message.contains("pools tried: dead, wm"), message);
        assertTrue(!message.contains(deadUrl) && !message.contains(backend.baseUrl()) && !message.contains("warming up"), message);
    }

    @Test
    void backend_client_error_is_relayed_with_its_status() throws Exception {
        String body = "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}";
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(400)
                .withHeader("content-type", "application/json").withBody(body)));
        assertEquals("context_length_exceeded", error(app.post("/v1/chat/completions", key, CHAT.formatted("chat-default")), 400).get("code").asText());
    }

    @Test
    void unknown_path_gets_404_in_the_openai_shape() throws Exception {
        error(app.get("/v1/nothing-here", key), 404);
    }
}
