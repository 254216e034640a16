package ai.factory.gateway.error;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.observe.InMemorySpans;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.CapturedLogs;
import io.opentelemetry.api.common.AttributeKey;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenants learn which pool and model served them, a stable code and the request id; never an
 * endpoint address, a backend's error text or an exception message. Those go to the logs.
 */
class TenantErrorDetailIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_TEXT = "CUDA error on /srv/weights/llama.bin node gpu-node-17";

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .property("test.spans.in-memory", "true")
            .property("gateway.tracing.sample-ratio", "1")
            .wiremock("gpu-a")
            .unreachable("dead")
            .alias("chat-default", "gpu-a=served-llama")
            .alias("dead-model", "dead")
            .alias("with-fallback", "dead", "gpu-a=served-llama")
            .tenant("acme")
            .build();
    private static WireMockServer backend;
    private static GatewayApp app;
    private static String key;
    private static String deadAddress;

    @BeforeAll
    static void names() {
        backend = gw.wiremock("gpu-a");
        app = gw.app();
        key = gw.key("acme");
        deadAddress = URI.create((String) gw.properties().get("gateway.pools.dead.endpoints[0].url")).getAuthority();
    }

    @BeforeEach
    void reset() {
        backend.resetAll();
    }

    private static String chat(String model) {
        return Bodies.chat(model).user("hi").json();
    }

    private static String backendAddress() {
        return "127.0.0.1:" + backend.port();
    }

    /** Nothing of the factory's insides in the status line, headers or body. */
    private static void assertNoInternals(HttpResponse<String> response) {
        String all = response.headers().map() + "\n" + response.body();
        for (String internal : List.of(backendAddress(), "localhost:" + backend.port(), deadAddress, SECRET_TEXT,
                "gpu-node-17", "Exception", "java.", "sk-pool-credential")) {
            assertFalse(all.contains(internal), "'" + internal + "' reached the tenant: " + all);
        }
    }

    private static JsonNode error(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertEquals(code, error.get("code").asText(), response.body());
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        assertTrue(error.get("message").asText().contains(requestId), "the message names the request id: " + response.body());
        return error;
    }

    @Test
    void the_served_by_header_names_pool_and_model_but_not_the_endpoint() {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"choices\":[]}")));
        HttpResponse<String> response = app.post("/v1/chat/completions", key, chat("chat-default"));
        assertEquals(200, response.statusCode(), response.body());
        String servedBy = response.headers().firstValue("x-gateway-served-by").orElseThrow();
        assertTrue(servedBy.contains("pool=gpu-a") && servedBy.contains("model=served-llama"), servedBy);
        assertNoInternals(response);
    }

    @Test
    void a_backend_5xx_reaches_the_tenant_as_a_code_and_the_log_keeps_its_body() throws Exception {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(500).withBody(SECRET_TEXT)));
        InMemorySpans.EXPORTER.reset();
        try (CapturedLogs logs = new CapturedLogs()) {
            HttpResponse<String> response = app.post("/v1/chat/completions", key, chat("chat-default"));
            JsonNode error = error(response, 502, "backend_error");
            assertTrue(error.get("message").asText().contains("gpu-a"), error.toString());
            assertNoInternals(response);
            String requestId = response.headers().firstValue("x-request-id").orElseThrow();
            String log = logs.text();
            assertTrue(log.contains(SECRET_TEXT) && log.contains(":" + backend.port()) && log.contains(requestId), log);
        }
        assertTrue(InMemorySpans.EXPORTER.getFinishedSpanItems().stream().anyMatch(span -> String.valueOf(
                        span.getAttributes().get(AttributeKey.stringKey(FailureReport.DETAIL_ATTRIBUTE))).contains(SECRET_TEXT)),
                "the request's span carries the detail: " + InMemorySpans.EXPORTER.getFinishedSpanItems());
    }

    @Test
    void a_refused_connection_shows_no_address_and_no_exception_text() throws Exception {
        try (CapturedLogs logs = new CapturedLogs()) {
            HttpResponse<String> response = app.post("/v1/chat/completions", key, chat("dead-model"));
            error(response, 502, "backend_error");
            assertNoInternals(response);
            assertTrue(logs.text().contains(deadAddress.substring(deadAddress.indexOf(':'))), logs.text());
        }
    }

    @Test
    void a_reset_connection_and_a_failed_fallback_show_the_pools_tried_only() throws Exception {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        HttpResponse<String> reset = app.post("/v1/chat/completions", key, chat("chat-default"));
        error(reset, 502, "backend_error");
        assertNoInternals(reset);
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(503).withBody(SECRET_TEXT)));
        HttpResponse<String> both = app.post("/v1/chat/completions", key, chat("with-fallback"));
        JsonNode error = error(both, 502, "backend_error");
        String message = error.get("message").asText();
        assertTrue(message.contains("dead") && message.contains("gpu-a"), message);
        assertNoInternals(both);
    }

    @Test
    void a_backend_rejecting_the_pools_own_credential_is_a_502_not_the_tenants_401() throws Exception {
        for (int status : new int[] {401, 403}) {
            backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(status)
                    .withHeader("content-type", "application/json")
                    .withBody("{\"error\":{\"message\":\"key sk-pool-credential is invalid; " + SECRET_TEXT + "\"}}")));
            try (CapturedLogs logs = new CapturedLogs()) {
                HttpResponse<String> response = app.post("/v1/chat/completions", key, chat("chat-default"));
                error(response, 502, "backend_auth_error");
                assertNoInternals(response);
                assertTrue(logs.text().contains("HTTP " + status) && logs.text().contains(SECRET_TEXT), logs.text());
            }
        }
    }

    @Test
    void the_operator_replaying_a_call_with_the_admin_token_sees_the_endpoint_and_the_backends_answer() {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"choices\":[]}")));
        HttpResponse<String> ok = app.post("/v1/chat/completions", key, chat("chat-default"),
                "x-gateway-admin-token", GatewayApp.ADMIN_TOKEN);
        assertTrue(ok.headers().firstValue("x-gateway-endpoint").orElse("").contains(String.valueOf(backend.port())),
                ok.headers().map().toString());
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(500).withBody(SECRET_TEXT)));
        HttpResponse<String> failed = app.post("/v1/chat/completions", key, chat("chat-default"),
                "x-gateway-admin-token", GatewayApp.ADMIN_TOKEN);
        assertEquals(502, failed.statusCode());
        assertTrue(failed.headers().firstValue("x-gateway-error-detail").orElse("").contains(SECRET_TEXT),
                failed.headers().map().toString());
        HttpResponse<String> wrongToken = app.post("/v1/chat/completions", key, chat("chat-default"),
                "x-gateway-admin-token", "guess");
        assertNoInternals(wrongToken);
    }

    @Test
    void a_backend_that_answers_garbage_shows_no_internals() {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "text/event-stream")
                .withBody("data: {\"choices\":[{\"delta\":{\"content\":\"he\"}}]}\n\n")
                .withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        HttpResponse<String> response = app.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").stream().user("hi").json());
        assertNoInternals(response);
    }
}
