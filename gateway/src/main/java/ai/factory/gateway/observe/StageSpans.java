package ai.factory.gateway.observe;

import ai.factory.gateway.observe.trace.TraceSampling;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Child spans for the request path's own stages (authentication, admission with its cache
 * lookup), so a trace shows where a request's time went before the backend call. Each span
 * covers an asynchronous stage: it ends when the stage's future completes. A request whose trace
 * is not sampled pays nothing here: no span is built.
 */
@Singleton
public class StageSpans {

    private final Tracer tracer;

    public StageSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("ai.factory.gateway");
    }

    public <T> CompletableFuture<T> around(String name, Context parent, Supplier<CompletableFuture<T>> stage) {
        if (TraceSampling.unsampled(parent)) {
            // Not recorded anyway: skip the span, its builder and the completion callback.
            return stage.get();
        }
        Span span = tracer.spanBuilder(name).setParent(parent).startSpan();
        CompletableFuture<T> result;
        try {
            result = stage.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            span.end();
            throw e;
        }
        return result.whenComplete((value, error) -> {
            if (error != null) {
                span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            }
            span.end();
        });
    }
}
