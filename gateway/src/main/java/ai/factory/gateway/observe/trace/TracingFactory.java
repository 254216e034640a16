package ai.factory.gateway.observe.trace;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.inject.Singleton;

/**
 * The sampler micronaut-tracing gives the OpenTelemetry SDK, from {@code gateway.tracing.sample-ratio}
 * (see {@link TraceSampling}). "Anything exports" means an {@code otel.traces.exporter} other than
 * {@code none}, or a span processor bean (tests collect spans in memory through one).
 */
@Factory
public class TracingFactory {

    @Singleton
    Sampler traceSampler(@Value("${gateway.tracing.sample-ratio:0.1}") double ratio,
            @Value("${otel.traces.exporter:none}") String exporter, BeanProvider<SpanProcessor> processors) {
        boolean exports = !"none".equalsIgnoreCase(exporter.trim()) || processors.isPresent();
        try {
            return TraceSampling.sampler(ratio, exports);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
