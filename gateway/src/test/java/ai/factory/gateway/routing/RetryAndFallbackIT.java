package ai.factory.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.FixtureBuilder;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retries inside a pool and fallbacks along an alias, against WireMock faults. Every logical
 * endpoint is a path prefix on one WireMock server, so each test has endpoints (and circuit
 * breakers) of its own.
 */
class RetryAndFallbackIT {

    private static final String OK = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";

    @RegisterExtension
    static final GatewayFixture gw = fixture();

    private static GatewayFixture fixture() {
        FixtureBuilder builder = GatewayFixture.builder().wiremockServer("backend");
        roundRobin(builder, "five", "five-a", "five-b");
        roundRobin(builder, "busy", "busy-a", "busy-b");
        roundRobin(builder, "reset", "reset-a", "reset-b");
        roundRobin(builder, "slow", "slow-a").property("gateway.pools.slow.first-byte-timeout", "500ms");
        roundRobin(builder, "backup", "backup");
        roundRobin(builder, "spare", "spare");
        roundRobin(builder, "o1", "o1");
        roundRobin(builder, "o2", "o2");
        roundRobin(builder, "o3", "o3");
        roundRobin(builder, "short", "short");
        roundRobin(builder, "long", "long");
        roundRobin(builder, "cut", "cut-a", "cut-b");
        roundRobin(builder, "bad", "bad-a", "bad-b");
        roundRobin(builder, "stall", "stall-a", "stall-b").property("gateway.pools.stall.call-timeout", "1s");
        return builder.alias("five-model", "five")
                .alias("busy-model", "busy")
                .alias("reset-model", "reset")
                .alias("slow-model", "slow", "backup=backup-model")
                .alias("chain-model", "o1", "o2", "o3")
                .alias("ctx-model", "short=m-8k", "long=m-128k")
                .property("gateway.models.ctx-model.targets[0].context-window", 8192)
                .property("gateway.models.ctx-model.targets[1].context-window", 131072)
                .alias("cut-model", "cut", "spare")
                .alias("bad-model", "bad", "spare")
                .alias("stall-model", "stall", "spare")
                .tenant("acme")
                .build();
    }

    /** A pool of endpoints at {@code paths} on the one WireMock, taken in turn. */
    private static FixtureBuilder roundRobin(FixtureBuilder builder, String pool, String... paths) {
        return builder.poolOn(pool, "backend", paths).property("gateway.pools." + pool + ".balancer", "round-robin");
    }

    @BeforeAll
    static void stubFallbackTargets() {
        stub("backup", json(200, OK));
        stub("spare", json(200, OK));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("content-type", "application/json").withBody(body);
    }

    private static void stub(String path, ResponseDefinitionBuilder response) {
        gw.wiremock("backend").stubFor(post(urlPathEqualTo("/" + path + "/v1/chat/completions")).willReturn(response));
    }

    private static int calls(String path) {
        return gw.wiremock("backend").countRequestsMatching(postRequestedFor(urlPathEqualTo("/" + path + "/v1/chat/completions"))
                .build()).getCount();
    }

    /** As an operator replaying the call: the admin token opens the endpoint and error detail headers. */
    private static HttpResponse<String> chat(String model) {
        return gw.app().post("/v1/chat/completions", gw.key("acme"), Bodies.chat(model).user("hi").json(),
                "x-gateway-admin-token", GatewayApp.ADMIN_TOKEN);
    }

    private static String servedBy(HttpResponse<String> response) {
        return response.headers().firstValue("x-gateway-served-by").orElse("") + "; endpoint="
                + response.headers().firstValue("x-gateway-endpoint").orElse("");
    }

    @Test
    void a_5xx_is_retried_on_another_endpoint_of_the_same_pool() {
        stub("five-a", json(500, "CUDA out of memory"));
        stub("five-b", json(200, OK));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = chat("five-model");
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(servedBy(response).contains("/five-b"), servedBy(response));
        }
        assertTrue(calls("five-a") >= 1, "the failing endpoint was tried");
    }

    @Test
    void a_backend_429_is_retried_elsewhere_and_its_retry_after_keeps_that_endpoint_out() {
        stub("busy-a", json(429, "{\"error\":{\"message\":\"queue full\"}}").withHeader("retry-after", "60"));
        stub("busy-b", json(200, OK));
        HttpResponse<String> first = chat("busy-model");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("1", first.headers().firstValue("x-gateway-fallbacks").orElseThrow());
        for (int i = 0; i < 5; i++) {
            assertEquals(200, chat("busy-model").statusCode());
        }
        assertEquals(1, calls("busy-a"), "within its retry-after the refusing endpoint is not asked again");
        assertEquals(6, calls("busy-b"));
    }

    @Test
    void a_connection_reset_before_the_answer_is_retried_on_another_endpoint() {
        stub("reset-a", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        stub("reset-b", json(200, OK));
        HttpResponse<String> response = chat("reset-model");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(servedBy(response).contains("/reset-b"));
        assertEquals(1, calls("reset-a"));
    }

    @Test
    void a_backend_slower_than_the_pools_first_byte_timeout_falls_back_to_the_next_target() {
        stub("slow-a", json(200, OK).withFixedDelay(5000));
        HttpResponse<String> response = chat("slow-model");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(servedBy(response).contains("model=backup-model"), servedBy(response));
        assertEquals("1", response.headers().firstValue("x-gateway-fallbacks").orElseThrow());
    }

    @Test
    void targets_are_tried_in_order_and_the_error_names_each_attempt_in_that_order() {
        stub("o1", json(503, "warming up"));
        stub("o2", json(500, "CUDA error"));
        stub("o3", json(429, "queue full").withHeader("retry-after", "7"));
        HttpResponse<String> response = chat("chain-model");
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("7", response.headers().firstValue("retry-after").orElseThrow());
        String body = response.headers().firstValue("x-gateway-error-detail").orElse("");
        int first = body.indexOf("/o1");
        int second = body.indexOf("/o2");
        int third = body.indexOf("/o3");
        assertTrue(first >= 0 && first < second && second < third, body);
        assertTrue(body.contains("all 3 attempts failed") && body.contains("HTTP 503 warming up")
                && body.contains("HTTP 500 CUDA error") && body.contains("HTTP 429 queue full"), body);
    }

    @Test
    void context_length_exceeded_goes_on_to_the_target_with_a_longer_context() {
        stub("short", json(400, "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\","
                + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}"));
        stub("long", json(200, OK));
        HttpResponse<String> response = chat("ctx-model");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(servedBy(response).contains("model=m-128k"), servedBy(response));
        assertEquals("1", response.headers().firstValue("x-gateway-fallbacks").orElseThrow());
    }

    @Test
    void a_stream_that_ends_early_after_its_first_bytes_is_reported_and_never_retried(
            GatewayApp app, @Key("acme") String key) {
        stub("cut-a", aResponse().withStatus(200).withHeader("content-type", "text/event-stream")
                .withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"));
        stub("cut-b", aResponse().withStatus(200).withHeader("content-type", "text/event-stream").withBody("data: [DONE]\n\n"));
        HttpResponse<String> response = app.post("/v1/chat/completions", key, Bodies.chat("cut-model").stream().user("hi").json());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"Hel\""), response.body());
        assertTrue(response.body().contains("backend_stream_truncated"), response.body());
        assertFalse(response.body().contains("[DONE]"));
        assertEquals(1, calls("cut-a") + calls("cut-b"), "one backend call: no retry once bytes went out");
        assertEquals(0, calls("spare"), "and no fallback either");
    }

    @Test
    void a_malformed_stream_is_reported_to_the_client_and_never_retried(GatewayApp app, @Key("acme") String key) {
        stub("bad-a", aResponse().withStatus(200).withHeader("content-type", "text/event-stream")
                .withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\ndata: [DONE"));
        stub("bad-b", aResponse().withStatus(200).withHeader("content-type", "text/event-stream")
                .withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\ndata: [DONE"));
        HttpResponse<String> response = app.post("/v1/chat/completions", key, Bodies.chat("bad-model").stream().user("hi").json());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("backend_stream_truncated"), response.body());
        assertEquals(1, calls("bad-a") + calls("bad-b"));
        assertEquals(0, calls("spare"));
    }

    @Test
    void a_stream_past_the_pools_whole_call_time_limit_is_cut_with_an_error_and_not_retried(
            GatewayApp app, @Key("acme") String key) {
        String events = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n".repeat(20) + "data: [DONE]\n\n";
        ResponseDefinitionBuilder dribble = aResponse().withStatus(200).withHeader("content-type", "text/event-stream")
                .withBody(events).withChunkedDribbleDelay(20, 8000);
        stub("stall-a", dribble);
        stub("stall-b", dribble);
        HttpResponse<String> response = app.post("/v1/chat/completions", key, Bodies.chat("stall-model").stream().user("hi").json());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("backend_stream_truncated"), response.body());
        assertFalse(response.body().contains("[DONE]"), response.body());
        assertEquals(1, calls("stall-a") + calls("stall-b"));
        assertEquals(0, calls("spare"));
    }
}
