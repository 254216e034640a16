package ai.factory.gateway.observe.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TraceSamplingTest {

    private static final SplittableRandom IDS = new SplittableRandom(42);

    private static String traceId() {
        return String.format("%016x%016x", IDS.nextLong(), IDS.nextLong());
    }

    private static boolean sampledRoot(Sampler sampler, String traceId) {
        return sampler.shouldSample(Context.root(), traceId, "request", SpanKind.SERVER, Attributes.empty(), List.of())
                .getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
    }

    private static Context parent(boolean sampled) {
        SpanContext context = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
        return Context.root().with(Span.wrap(context));
    }

    @Test
    void samples_about_the_configured_share_of_new_traces() {
        Sampler sampler = TraceSampling.sampler(0.25, true);
        int sampled = 0;
        for (int i = 0; i < 20_000; i++) {
            sampled += sampledRoot(sampler, traceId()) ? 1 : 0;
        }
        assertEquals(0.25, sampled / 20_000.0, 0.02);
    }

    @Test
    void ratio_zero_samples_no_new_trace_and_one_samples_all() {
        Sampler none = TraceSampling.sampler(0, true);
        Sampler all = TraceSampling.sampler(1, true);
        for (int i = 0; i < 1000; i++) {
            String id = traceId();
            assertFalse(sampledRoot(none, id));
            assertTrue(sampledRoot(all, id));
        }
    }

    @Test
    void starts_no_trace_when_nothing_would_receive_the_spans() {
        assertFalse(sampledRoot(TraceSampling.sampler(1, false), traceId()));
    }

    @Test
    void follows_the_callers_decision_whatever_the_ratio() {
        Sampler sampler = TraceSampling.sampler(0, false);
        String id = "4bf92f3577b34da6a3ce929d0e0e4736";
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, sampler.shouldSample(parent(true), id, "s", SpanKind.SERVER,
                Attributes.empty(), List.of()).getDecision());
        assertEquals(SamplingDecision.DROP, TraceSampling.sampler(1, true).shouldSample(parent(false), id, "s",
                SpanKind.SERVER, Attributes.empty(), List.of()).getDecision());
    }

    @Test
    void a_child_of_an_unsampled_span_is_known_unsampled_but_a_missing_parent_is_left_to_the_sampler() {
        assertTrue(TraceSampling.unsampled(parent(false)));
        assertFalse(TraceSampling.unsampled(parent(true)));
        assertFalse(TraceSampling.unsampled(Context.root()));
        assertFalse(TraceSampling.unsampled(null));
    }

    @Test
    void refuses_a_ratio_outside_zero_to_one() {
        assertThrows(IllegalArgumentException.class, () -> TraceSampling.sampler(1.5, true));
        assertThrows(IllegalArgumentException.class, () -> TraceSampling.sampler(-0.1, true));
        assertThrows(IllegalArgumentException.class, () -> TraceSampling.sampler(Double.NaN, true));
    }
}
