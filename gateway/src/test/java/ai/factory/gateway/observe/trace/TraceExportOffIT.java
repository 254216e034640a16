package ai.factory.gateway.observe.trace;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default deployment, with no trace exporter: even at sample ratio 1 the gateway starts no
 * trace of its own (recording spans nobody reads is pure cost), yet the backend still gets a
 * trace context, marked not sampled.
 */
class TraceExportOffIT {

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremock("wm")
            .alias("chat-default", "wm")
            .property("otel.traces.exporter", "none")
            .property("gateway.tracing.sample-ratio", "1")
            .tenant("acme")
            .build();

    @BeforeAll
    static void stub() {
        gw.wiremock("wm").stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"choices\":[]}")));
    }

    @Test
    void with_no_exporter_no_trace_is_started_but_the_backend_still_gets_a_traceparent(
            GatewayApp app, @Key("acme") String key, @Pool("wm") WireMockServer backend) {
        assertEquals(200, app.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").user("a").json()).statusCode());

        String traceparent = backend.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0)
                .getHeader("traceparent");
        assertNotNull(traceparent);
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"), traceparent);
    }
}
