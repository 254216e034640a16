package ai.factory.gateway.observe.trace;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.observe.InMemorySpans;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway that samples no new traces ({@code gateway.tracing.sample-ratio: 0}) still hands the
 * backend a trace context, marked not sampled, and records no span for the request; a caller's
 * sampled trace is still followed (the sampler is parent-based).
 */
class TraceSamplingIT {

    private static final String CHAT = Bodies.chat("chat-default").user("a").json();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremock("wm")
            .alias("chat-default", "wm")
            .property("test.spans.in-memory", "true")
            .property("gateway.tracing.sample-ratio", "0")
            .tenant("acme")
            .build();

    @BeforeEach
    void reset(@Pool("wm") WireMockServer backend) {
        backend.resetAll();
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"choices\":[]}")));
        InMemorySpans.EXPORTER.reset();
    }

    private String traceparentSeenByBackend() {
        String traceparent = gw.wiremock("wm").findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0)
                .getHeader("traceparent");
        assertNotNull(traceparent, "the backend call carries a traceparent");
        return traceparent;
    }

    @Test
    void an_unsampled_request_still_propagates_its_trace_context_marked_not_sampled(
            GatewayApp app, @Key("acme") String key) {
        assertEquals(200, app.post("/v1/chat/completions", key, CHAT).statusCode());

        String traceparent = traceparentSeenByBackend();
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"), traceparent);
        assertTrue(!traceparent.startsWith("00-00000000000000000000000000000000"), "a real trace id: " + traceparent);
        // The gen_ai span would be made when the request settles, just after its answer has left.
        Await.quiet(Duration.ofMillis(500));
        List<SpanData> recorded = InMemorySpans.EXPORTER.getFinishedSpanItems();
        assertTrue(recorded.isEmpty(), "nothing recorded for an unsampled request: " + recorded);
    }

    @Test
    void a_callers_sampled_trace_is_followed_and_recorded_with_its_stage_spans(
            GatewayApp app, @Key("acme") String key) {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        assertEquals(200, app.post("/v1/chat/completions", key, CHAT,
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").statusCode());

        assertTrue(traceparentSeenByBackend().matches("00-" + traceId + "-[0-9a-f]{16}-01"), traceparentSeenByBackend());
        List<SpanData> recorded = InMemorySpans.EXPORTER.getFinishedSpanItems();
        assertTrue(recorded.stream().anyMatch(s -> s.getName().equals("gateway.authenticate")
                && s.getTraceId().equals(traceId)), "stage spans in the caller's trace: " + recorded);
        // The gen_ai span is made when the request settles, which is just after its answer has left.
        Await.until(Duration.ofSeconds(10), () -> InMemorySpans.EXPORTER.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getName().startsWith("chat ") && s.getTraceId().equals(traceId)), "the gen_ai span");
    }
}
