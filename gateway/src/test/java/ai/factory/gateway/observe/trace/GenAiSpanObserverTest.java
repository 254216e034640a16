package ai.factory.gateway.observe.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.observe.Events;
import ai.factory.gateway.observe.ObservabilityConfig;
import ai.factory.gateway.observe.RequestDetails;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GenAiSpanObserverTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
    private final ObservabilityConfig config = ObservabilityConfig.defaults();

    @AfterEach
    void close() {
        otel.close();
    }

    private SpanData only() {
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertEquals(1, spans.size(), spans.toString());
        return spans.get(0);
    }

    @Test
    void request_sampling_parameters_are_recorded_when_the_client_set_them() {
        new GenAiSpanObserver(otel, config).requestEnded(Events.ok("acme", "chat-default", 1, 1),
                new RequestDetails(0.25, 128L, true), Context.root(), 0);
        var a = only().getAttributes();
        assertEquals(0.25, a.get(AttributeKey.doubleKey("gen_ai.request.temperature")));
        assertEquals(128L, a.get(AttributeKey.longKey("gen_ai.request.max_tokens")));

        exporter.reset();
        new GenAiSpanObserver(otel, config).requestEnded(Events.ok("acme", "chat-default", 1, 1), RequestDetails.NONE,
                Context.root(), 0);
        assertNull(only().getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature")));
    }

    @Test
    void captured_content_goes_on_the_span_only_when_the_details_carry_it() {
        new GenAiSpanObserver(otel, config).requestEnded(Events.ok("acme", "chat-default", 1, 1),
                new RequestDetails(null, null, false).withContent("[\"in\"]", "[\"out\"]"), Context.root(), 0);
        var a = only().getAttributes();
        assertEquals("[\"in\"]", a.get(AttributeKey.stringKey("gen_ai.input.messages")));
        assertEquals("[\"out\"]", a.get(AttributeKey.stringKey("gen_ai.output.messages")));
        assertFalse(new RequestDetails(null, null, false).withContent("secret", "secret").toString().contains("secret"),
                "the text never reaches a log line through toString");

        exporter.reset();
        new GenAiSpanObserver(otel, config).requestEnded(Events.ok("acme", "chat-default", 1, 1), RequestDetails.NONE,
                Context.root(), 0);
        assertNull(only().getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")));
        assertNull(only().getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages")));
    }

    @Test
    void span_is_named_operation_and_model_with_the_genai_attributes() {
        ObservabilityConfig config = new ObservabilityConfig(50, null, "flushers", Map.of("gpu", "vllm"), null, true, null, null);
        new GenAiSpanObserver(otel, config).requestEnded(Events.ok("acme", "chat-default", 120, 30), Context.root(),
                1_000_000_000L);

        SpanData span = only();
        assertEquals("chat chat-default", span.getName());
        assertEquals(SpanKind.CLIENT, span.getKind());
        assertEquals(1_000_000_000L, span.getStartEpochNanos());
        var a = span.getAttributes();
        assertEquals("chat", a.get(AttributeKey.stringKey("gen_ai.operation.name")));
        assertEquals("vllm", a.get(AttributeKey.stringKey("gen_ai.provider.name")));
        assertEquals("chat-default", a.get(AttributeKey.stringKey("gen_ai.request.model")));
        assertEquals("chat-default-served", a.get(AttributeKey.stringKey("gen_ai.response.model")));
        assertEquals(120L, a.get(AttributeKey.longKey("gen_ai.usage.input_tokens")));
        assertEquals(30L, a.get(AttributeKey.longKey("gen_ai.usage.output_tokens")));
        assertEquals("acme", a.get(AttributeKey.stringKey("tenant.id")));
        assertEquals("summarize", a.get(AttributeKey.stringKey("product.id")));
        assertEquals("miss", a.get(AttributeKey.stringKey("gateway.cache")));
        assertEquals(1L, a.get(AttributeKey.longKey("gateway.fallbacks")));
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    }

    @Test
    void span_is_a_child_of_the_request_trace() {
        Span server = otel.getTracer("test").spanBuilder("POST /v1/chat/completions").startSpan();
        Context trace = Context.root().with(server);
        new GenAiSpanObserver(otel, config).requestEnded(Events.ok("acme", "chat-default", 1, 1), trace, 0);
        server.end();

        SpanData genAi = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("chat"))
                .findFirst().orElseThrow();
        assertEquals(server.getSpanContext().getTraceId(), genAi.getTraceId());
        assertEquals(server.getSpanContext().getSpanId(), genAi.getParentSpanId());
    }

    @Test
    void failed_requests_are_error_spans_with_the_error_type() {
        new GenAiSpanObserver(otel, config).requestEnded(
                Events.withStatus(Events.ok("acme", "chat-default", 1, 0), UsageEvent.ERROR, 502), Context.root(), 0);
        SpanData span = only();
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("502", span.getAttributes().get(AttributeKey.stringKey("error.type")));
    }

    @Test
    void no_prompt_or_completion_attribute_is_ever_set() {
        ObservabilityConfig config = new ObservabilityConfig(50, null, "flushers", null, List.of("acme"), true, null, null);
        new GenAiSpanObserver(otel, config).requestEnded(Events.ok("acme", "chat-default", 1, 1), Context.root(), 0);
        only().getAttributes().forEach((key, value) -> {
            assertFalse(key.getKey().contains("prompt") || key.getKey().contains("completion")
                    || key.getKey().contains("message") || key.getKey().contains("content"), key.getKey());
        });
        assertNull(only().getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")));
    }

    @Test
    void a_tool_call_is_an_internal_execute_tool_span_named_after_the_tool() {
        UsageEvent call = new UsageEvent("req-t", 1_700_000_000_000L, "acme", "key-1", "search__query", "execute_tool",
                null, null, null, "search", 0, 0, 0, 0, UsageEvent.ERROR, false, 0, 40, -1, false, 503);
        new GenAiSpanObserver(otel, config).requestEnded(call, Context.root(), 0);
        SpanData span = only();
        assertEquals("execute_tool search__query", span.getName());
        assertEquals(SpanKind.INTERNAL, span.getKind());
        assertEquals("search__query", span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")));
        assertEquals("503", span.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    }

    @Test
    void a_model_call_span_has_no_tool_name() {
        new GenAiSpanObserver(otel, config).requestEnded(Events.ok("acme", "chat-default", 1, 1), Context.root(), 0);
        assertEquals(SpanKind.CLIENT, only().getKind());
        assertNull(only().getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")));
    }
}
