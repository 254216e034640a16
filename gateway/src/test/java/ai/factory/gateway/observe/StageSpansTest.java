package ai.factory.gateway.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StageSpansTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    private final StageSpans spans = new StageSpans(otel);

    @AfterEach
    void close() {
        otel.close();
    }

    private static Context request(boolean sampled) {
        return Context.root().with(Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault())));
    }

    @Test
    void a_sampled_request_gets_a_span_per_stage_ending_with_the_stage() {
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> result = spans.around("gateway.admit", request(true), () -> stage);
        assertTrue(exporter.getFinishedSpanItems().isEmpty(), "still running");
        stage.complete("ok");
        assertEquals("ok", result.join());
        assertEquals("gateway.admit", exporter.getFinishedSpanItems().get(0).getName());
    }

    @Test
    void an_unsampled_request_runs_its_stage_untouched_and_builds_no_span() {
        CompletableFuture<String> stage = CompletableFuture.completedFuture("ok");
        CompletableFuture<String> result = spans.around("gateway.admit", request(false), () -> stage);
        // The very future the stage returned: no span callback was chained onto it.
        assertTrue(result == stage);
        assertTrue(exporter.getFinishedSpanItems().isEmpty());
    }
}
