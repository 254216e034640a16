package ai.factory.gateway.responses;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a passthrough pool's server receives, and the server's bad answers, on a WireMock backend. */
class ResponsesPassthroughWireIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = "{\"id\":\"resp_abc123\",\"object\":\"response\",\"status\":\"completed\","
            + "\"model\":\"served-x\",\"store\":false,\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"output_text\",\"text\":\"Hello Ada\",\"annotations\":[]}]}],"
            + "\"usage\":{\"input_tokens\":10,\"input_tokens_details\":{\"cached_tokens\":3},\"output_tokens\":2,\"total_tokens\":12}}";

    // One WireMock, three passthrough pools at its paths: a good server, one answering garbage, one cut off.
    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremockServer("wm")
            .poolOn("ok", "wm", "ok")
            .poolOn("garbage", "wm", "garbage")
            .poolOn("cut", "wm", "cut")
            .properties(passthrough("ok", "garbage", "cut"))
            .alias("ok-model", "ok=served-x")
            .alias("garbage-model", "garbage")
            .alias("cut-model", "cut")
            .redisDatabase(44)
            .properties(UsageFixtures.quickFlush())
            .tenant("wire-chain").tenant("wire-garbage").tenant("wire-cut")
            .build();

    private static Map<String, Object> passthrough(String... pools) {
        Map<String, Object> props = new HashMap<>();
        for (String pool : pools) {
            props.put("gateway.pools." + pool + ".responses", "passthrough");
            props.put("gateway.pools." + pool + ".max-attempts", 1);
        }
        return props;
    }

    @BeforeAll
    static void stub() {
        WireMockServer backend = gw.wiremock("wm");
        backend.stubFor(post(urlPathEqualTo("/ok/v1/responses")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody(ANSWER)));
        backend.stubFor(post(urlPathEqualTo("/garbage/v1/responses")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"id\":\"resp_1\"}")));
        backend.stubFor(post(urlPathEqualTo("/cut/v1/responses")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "text/event-stream").withBody(
                        "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
                                + "\"response\":{\"id\":\"resp_2\",\"usage\":null}}\n\n"
                                + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
                                + "\"sequence_number\":1,\"item_id\":\"msg_2\",\"delta\":\"Hel\"}\n\n")));
    }

    @Test
    void the_server_gets_the_conversation_as_input_under_its_own_model_name_and_never_the_gateways_id(
            GatewayApp app, @Key("wire-chain") String key, @Pool("wm") WireMockServer backend) throws Exception {
        HttpResponse<String> first = app.post("/v1/responses", key,
                Bodies.object().put("model", "ok-model").put("input", "I am Ada.").json());
        assertEquals(200, first.statusCode(), first.body());
        JsonNode answer = JSON.readTree(first.body());
        assertTrue(answer.get("store").asBoolean(), "the client sees the store it asked for, not the server's");

        HttpResponse<String> second = app.post("/v1/responses", key, Bodies.object().put("model", "ok-model")
                .put("input", "Who am I?").put("previous_response_id", "resp_abc123").put("stream", false).json());
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("resp_abc123", JSON.readTree(second.body()).get("previous_response_id").asText());

        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> sent =
                backend.findAll(postRequestedFor(urlPathEqualTo("/ok/v1/responses")));
        JsonNode body = JSON.readTree(sent.get(sent.size() - 1).getBodyAsString());
        assertEquals("served-x", body.get("model").asText());
        assertFalse(body.has("previous_response_id"));
        assertFalse(body.has("stream_options"));
        assertFalse(body.get("store").asBoolean());
        assertEquals(3, body.get("input").size(), body.toString());
        assertEquals("I am Ada.", body.at("/input/0/content").asText());
        assertEquals("Hello Ada", body.at("/input/1/content").asText());
        assertEquals("assistant", body.at("/input/1/role").asText());
        assertEquals("Who am I?", body.at("/input/2/content").asText());

        Await.until(Duration.ofSeconds(20), () -> UsageFixtures.count(gw.jdbcUrl(),
                "select count(*) from usage_events where tenant_id = 'wire-chain'") == 2, "two ledger rows");
        assertEquals(2, UsageFixtures.count(gw.jdbcUrl(),
                "select count(*) from usage_events where tenant_id = 'wire-chain'"
                + " and input_tokens = 10 and output_tokens = 2 and cached_tokens = 3 and not estimated"));
    }

    @Test
    void a_server_answer_that_is_not_a_response_object_is_a_502(GatewayApp app) throws Exception {
        HttpResponse<String> response = app.post("/v1/responses", gw.key("wire-garbage"),
                Bodies.object().put("model", "garbage-model").put("input", "hi").json());
        assertEquals(502, response.statusCode(), response.body());
        assertEquals("backend_error", JSON.readTree(response.body()).at("/error/code").asText());
    }

    @Test
    void a_stream_that_ends_without_response_completed_is_marked_broken_off_and_billed_estimated(GatewayApp app)
            throws Exception {
        HttpResponse<String> response = app.post("/v1/responses", gw.key("wire-cut"),
                Bodies.object().put("model", "cut-model").put("input", "hi").put("stream", true).json());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"delta\":\"Hel\""), response.body());
        assertTrue(response.body().trim().endsWith("}") && response.body().contains("backend_stream_truncated"),
                "the client is told the stream broke off: " + response.body());

        Await.until(Duration.ofSeconds(20), () -> UsageFixtures.count(gw.jdbcUrl(),
                "select count(*) from usage_events where tenant_id = 'wire-cut'") == 1, "the ledger row");
        assertEquals(1, UsageFixtures.count(gw.jdbcUrl(), "select count(*) from usage_events where tenant_id = 'wire-cut'"
                + " and estimated and status = 'error' and output_tokens >= 1"));
    }
}
