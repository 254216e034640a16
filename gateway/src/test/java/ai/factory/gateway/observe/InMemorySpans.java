package ai.factory.gateway.observe;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Singleton;

/**
 * In tests that set {@code test.spans.in-memory=true}: a span processor that keeps every finished
 * span in memory. micronaut-tracing adds a SpanProcessor bean to the SDK it builds, beside the
 * exporters the OTEL_* settings name, so the test sees exactly what would be exported.
 */
@Factory
@Requires(property = "test.spans.in-memory", value = "true")
public class InMemorySpans {

    public static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

    @Singleton
    SpanProcessor inMemorySpanProcessor() {
        return SimpleSpanProcessor.create(EXPORTER);
    }
}
