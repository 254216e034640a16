package ai.factory.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A {@code protocol: anthropic} pool behind the OpenAI API, against a recorded Anthropic stream. */
class AnthropicPoolIT {

    /** Recorded from Anthropic's Messages API (ids shortened). */
    private static final String STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],"model":"claude-test","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Bonjour"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremock("claude")
            .property("gateway.pools.claude.protocol", "anthropic")
            .property("gateway.pools.claude.location", "external")
            .property("gateway.pools.claude.api-key", "sk-ant-pool-key")
            .alias("assistant", "claude=claude-test")
            .tenant("acme")
            .build();

    @BeforeAll
    static void stub() {
        gw.wiremock("claude").stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "text/event-stream").withBody(STREAM)));
    }

    @Test
    void an_anthropic_pool_streams_back_openai_chunks(
            GatewayApp app, @Key("acme") String key, @Pool("claude") WireMockServer provider) {
        HttpResponse<String> response = app.post("/v1/chat/completions", key,
                Bodies.chat("assistant").stream().user("Salut").json());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        assertTrue(response.body().contains("\"object\":\"chat.completion.chunk\""), response.body());
        assertTrue(response.body().contains("\"content\":\"Bonjour\""), response.body());
        assertTrue(response.body().contains("data: [DONE]"), response.body());
        assertTrue(response.headers().firstValue("x-gateway-served-by").orElse("").contains("pool=claude"));
        provider.verify(postRequestedFor(urlPathEqualTo("/v1/messages")).withHeader("x-api-key", equalTo("sk-ant-pool-key")));
    }

    @Test
    void a_non_streamed_call_gets_one_openai_completion(GatewayApp app, @Key("acme") String key) {
        HttpResponse<String> response = app.post("/v1/chat/completions", key,
                Bodies.chat("assistant").user("Salut").json());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"object\":\"chat.completion\""), response.body());
        assertTrue(response.body().contains("\"content\":\"Bonjour\""), response.body());
        assertTrue(response.body().contains("\"completion_tokens\":2"), response.body());
    }
}
