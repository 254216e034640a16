package ai.factory.gateway.observe.trace;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default deployment, with no trace exporter: even at sample ratio 1 the gateway starts no
 * trace of its own (recording spans nobody reads is pure cost), yet the backend still gets a
 * trace context, marked not sampled.
 */
class TraceExportOffIT {

    private static WireMockServer backend;
    private static GatewayApp app;

    @BeforeAll
    static void start() {
        backend = new WireMockServer(options().dynamicPort());
        backend.start();
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"choices\":[]}")));
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        GatewayApp.pool(props, "wm", 8, backend.baseUrl());
        GatewayApp.alias(props, "chat-default", "wm");
        props.put("otel.traces.exporter", "none");
        props.put("gateway.tracing.sample-ratio", "1");
        app = GatewayApp.start(props);
    }

    @AfterAll
    static void stop() {
        app.close();
        backend.stop();
    }

    @Test
    void with_no_exporter_no_trace_is_started_but_the_backend_still_gets_a_traceparent() {
        String key = app.newKey("acme", List.of());
        assertEquals(200, app.post("/v1/chat/completions", key,
                "{\"model\":\"chat-default\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}").statusCode());

        String traceparent = backend.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0)
                .getHeader("traceparent");
        assertNotNull(traceparent);
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"), traceparent);
    }
}
