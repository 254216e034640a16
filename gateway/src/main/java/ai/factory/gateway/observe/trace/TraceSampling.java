package ai.factory.gateway.observe.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Which requests are traced. Parent-based: a request that arrives with a W3C {@code traceparent}
 * follows its caller's decision; a request that starts a trace is sampled at {@code ratio} (by
 * trace id, so every instance agrees). When nothing would receive a span (no exporter, no span
 * processor), no trace is started at all: recording spans nobody reads was the tracing cost on
 * the request path. An unsampled request still has a valid trace context, so its ledger row keeps
 * a trace id and the backend still gets a {@code traceparent} (sampled flag {@code 00}).
 */
public final class TraceSampling {

    private TraceSampling() {
    }

    public static Sampler sampler(double ratio, boolean anythingExports) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("gateway.tracing.sample-ratio must be between 0 and 1, got " + ratio);
        }
        return Sampler.parentBased(anythingExports ? Sampler.traceIdRatioBased(ratio) : Sampler.alwaysOff());
    }

    /**
     * True when a child of {@code parent} will not be recorded, so a caller can skip building the
     * span and its attributes: the parent is a real span that was not sampled, and the sampler is
     * parent-based. A missing parent is not decided here (the sampler's root rule applies).
     */
    public static boolean unsampled(Context parent) {
        if (parent == null) {
            return false;
        }
        SpanContext span = Span.fromContext(parent).getSpanContext();
        return span.isValid() && !span.isSampled();
    }
}
