package ai.factory.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The OpenAI endpoints relay bodies faithfully, in both directions, with the gateway's headers. */
class PassThroughIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremock("wm")
            .property("gateway.pools.wm.api-key", "pool-secret")
            .alias("chat-default", "wm=served/llama")
            .alias("embed-default", "wm=served/bge")
            .tenant("acme")
            .build();

    @BeforeEach
    void reset(@Pool("wm") WireMockServer backend) {
        backend.resetAll();
    }

    @Test
    void chat_passes_unknown_fields_through_and_rewrites_only_the_model(
            GatewayApp app, @Key("acme") String key, @Pool("wm") WireMockServer backend) throws Exception {
        String answer = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[],\"vendor_extra\":{\"kept\":true}}";
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody(answer)));

        HttpResponse<String> response = app.post("/v1/chat/completions", key, Bodies.chat("chat-default").user("hi")
                .temperature(0.25).put("custom_field", Map.of("nested", List.of(1, 2, Map.of("x", "y"))))
                .put("guided_json", Map.of("type", "object")).json());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(JSON.readTree(answer), JSON.readTree(response.body()));
        LoggedRequest sent = backend.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0);
        JsonNode forwarded = JSON.readTree(sent.getBodyAsString());
        assertEquals("served/llama", forwarded.get("model").asText());
        assertEquals(0.25, forwarded.get("temperature").asDouble());
        assertEquals(JSON.readTree("{\"nested\":[1,2,{\"x\":\"y\"}]}"), forwarded.get("custom_field"));
        assertEquals(JSON.readTree("{\"type\":\"object\"}"), forwarded.get("guided_json"));
        assertEquals("pool=wm; model=served/llama",
                response.headers().firstValue("x-gateway-served-by").orElseThrow());
        assertEquals("0", response.headers().firstValue("x-gateway-fallbacks").orElseThrow());
    }

    @Test
    void tenant_key_never_reaches_the_backend_but_the_pool_credential_does(
            GatewayApp app, @Key("acme") String key, @Pool("wm") WireMockServer backend) {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withBody("{}")));

        app.post("/v1/chat/completions", key, Bodies.chat("chat-default").user("hi").json());

        LoggedRequest sent = backend.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0);
        assertEquals("Bearer pool-secret", sent.getHeader("authorization"));
        assertFalse(sent.getBodyAsString().contains(key));
    }

    @Test
    void completions_and_embeddings_are_relayed(
            GatewayApp app, @Key("acme") String key, @Pool("wm") WireMockServer backend) throws Exception {
        backend.stubFor(post("/v1/completions").withRequestBody(matchingJsonPath("$.prompt", equalTo("Say hi")))
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "application/json")
                        .withBody("{\"object\":\"text_completion\",\"choices\":[{\"text\":\"hi\"}]}")));
        backend.stubFor(post("/v1/embeddings").withRequestBody(matchingJsonPath("$.model", equalTo("served/bge")))
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "application/json")
                        .withBody("{\"object\":\"list\",\"data\":[{\"embedding\":[0.5,0.25]}]}")));

        HttpResponse<String> completion = app.post("/v1/completions", key,
                Bodies.object().put("model", "chat-default").put("prompt", "Say hi").put("echo", false).json());
        HttpResponse<String> embedding = app.post("/v1/embeddings", key,
                Bodies.embeddings("embed-default", "text").put("dimensions", 2).json());

        assertEquals(200, completion.statusCode(), completion.body());
        assertEquals("hi", JSON.readTree(completion.body()).at("/choices/0/text").asText());
        assertEquals(200, embedding.statusCode(), embedding.body());
        assertEquals(0.25, JSON.readTree(embedding.body()).at("/data/0/embedding/1").asDouble());
        JsonNode sentEmbedding = JSON.readTree(backend.findAll(postRequestedFor(urlEqualTo("/v1/embeddings")))
                .get(0).getBodyAsString());
        assertEquals(2, sentEmbedding.get("dimensions").asInt());
    }

    @Test
    void request_id_is_echoed_and_forwarded_and_generated_when_absent(
            GatewayApp app, @Key("acme") String key, @Pool("wm") WireMockServer backend) {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withBody("{}")));

        HttpResponse<String> withId = app.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").user("a").json(),
                "x-request-id", "client-abc-123");
        HttpResponse<String> withoutId = app.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").user("b").json());

        assertEquals("client-abc-123", withId.headers().firstValue("x-request-id").orElseThrow());
        String ours = withId.headers().firstValue("x-gateway-request-id").orElseThrow();
        String generated = withoutId.headers().firstValue("x-request-id").orElseThrow();
        assertTrue(generated.startsWith("req_"), generated);
        assertEquals(generated, withoutId.headers().firstValue("x-gateway-request-id").orElseThrow());
        List<String> forwarded = backend.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                .map(r -> r.getHeader("x-request-id")).toList();
        // The backend's x-request-id is always the gateway's (unique); the client's travels beside it.
        assertTrue(forwarded.contains(ours), forwarded.toString());
        assertTrue(forwarded.contains(generated), forwarded.toString());
        List<String> clientIds = backend.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                .map(r -> r.getHeader("x-client-request-id")).toList();
        assertTrue(clientIds.contains("client-abc-123"), clientIds.toString());
    }

    @Test
    void trace_context_reaches_the_backend_in_the_callers_trace(
            GatewayApp app, @Key("acme") String key, @Pool("wm") WireMockServer backend) {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200).withBody("{}")));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        app.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").user("a").json(),
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        String traceparent = backend.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0)
                .getHeader("traceparent");
        assertNotNull(traceparent, "the backend call carries a traceparent");
        assertTrue(traceparent.matches("00-" + traceId + "-[0-9a-f]{16}-01"), traceparent);
        assertFalse(traceparent.contains("00f067aa0ba902b7"), "the backend's parent is the gateway's own span");
    }
}
