package ai.factory.gateway.observe.trace;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.ConfigurationException;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.Test;

class TracingFactoryTest {

    private static BeanProvider<SpanProcessor> processors(boolean present) {
        return new BeanProvider<>() {
            @Override
            public SpanProcessor get() {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isPresent() {
                return present;
            }
        };
    }

    @Test
    void a_ratio_outside_zero_to_one_stops_the_start_with_the_setting_named() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new TracingFactory().traceSampler(2, "otlp", processors(false)));
        assertTrue(e.getMessage().contains("gateway.tracing.sample-ratio"), e.getMessage());
    }

    @Test
    void an_exporter_or_a_span_processor_turns_the_ratio_on() {
        String root = "ParentBased{root:TraceIdRatioBased";
        assertTrue(new TracingFactory().traceSampler(0.5, "otlp", processors(false)).getDescription().startsWith(root));
        assertTrue(new TracingFactory().traceSampler(0.5, "none", processors(true)).getDescription().startsWith(root));
        assertTrue(new TracingFactory().traceSampler(0.5, "none", processors(false)).getDescription()
                .startsWith("ParentBased{root:AlwaysOffSampler"));
    }
}
