package ai.factory.gateway.observe.trace;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.observe.RequestDetails;
import ai.factory.observability.GenAiAttributes;
import ai.factory.gateway.observe.ObservabilityConfig;
import ai.factory.gateway.observe.RequestObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * One {@code gen_ai} span per request, named {@code {operation} {model}} as the GenAI conventions
 * ask, a child of the request's server span, covering the request from arrival to end. It is
 * made when the request ends, from the usage event, so it carries exactly the billed numbers.
 *
 * <p>Prompt and answer text is set only for a tenant that opted in ({@link ContentCapture}): as
 * {@code gen_ai.input.messages} and {@code gen_ai.output.messages}, JSON strings in the
 * conventions' message form, which the pipeline hands over in {@link RequestDetails}. Exported wherever the OpenTelemetry SDK is told to, by the standard
 * {@code OTEL_TRACES_EXPORTER} and {@code OTEL_EXPORTER_OTLP_*} variables.
 */
@Singleton
public class GenAiSpanObserver implements RequestObserver {

    static final String INSTRUMENTATION = "ai.factory.gateway";

    private final Tracer tracer;
    private final ObservabilityConfig config;

    public GenAiSpanObserver(OpenTelemetry openTelemetry, ObservabilityConfig config) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
        this.config = config;
    }

    @Override
    public void requestEnded(UsageEvent event, Context trace, long startEpochNanos) {
        requestEnded(event, RequestDetails.NONE, trace, startEpochNanos);
    }

    @Override
    public void requestEnded(UsageEvent event, RequestDetails details, Context trace, long startEpochNanos) {
        if (TraceSampling.unsampled(trace)) {
            // Would not be recorded: skip the attribute building with it.
            return;
        }
        Span span = tracer.spanBuilder(GenAiSpans.name(event))
                .setParent(trace == null ? Context.root() : trace)
                // The conventions make a tool execution INTERNAL, a model call CLIENT.
                .setSpanKind(GenAiAttributes.OPERATION_EXECUTE_TOOL.equals(event.operation())
                        ? SpanKind.INTERNAL : SpanKind.CLIENT)
                .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
                .setAllAttributes(GenAiSpans.attributes(event, config.providerName(event.pool())))
                .startSpan();
        if (details.temperature() != null) {
            span.setAttribute(GenAiAttributes.REQUEST_TEMPERATURE, details.temperature());
        }
        if (details.maxTokens() != null) {
            span.setAttribute(GenAiAttributes.REQUEST_MAX_TOKENS, details.maxTokens());
        }
        if (details.inputMessages() != null) {
            span.setAttribute(GenAiMessages.INPUT, details.inputMessages());
        }
        if (details.outputMessages() != null) {
            span.setAttribute(GenAiMessages.OUTPUT, details.outputMessages());
        }
        if (!UsageEvent.OK.equals(event.status())) {
            span.setStatus(StatusCode.ERROR, event.status());
        }
        span.end();
    }
}
