package ai.factory.gateway.redis;

import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.ClientResourcesMutator;
import io.micronaut.configuration.lettuce.MetricsClientResourceMutator;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Redis command latency ({@code lettuce.command.completion} and {@code .firstresponse}, per
 * command and node) as Prometheus histogram buckets, which aggregate across instances, without
 * the client-side percentiles Micronaut's {@link MetricsClientResourceMutator} adds. Those keep
 * HdrHistograms per command and node, updated twice per command on Lettuce's event loop: the
 * request path's Redis calls paid for them, and building them took CPU at start. A percentile
 * across the fleet comes from the buckets ({@code histogram_quantile}).
 */
@Singleton
@Requires(beans = MeterRegistry.class)
@Replaces(MetricsClientResourceMutator.class)
public class RedisLatencyMetrics implements ClientResourcesMutator {

    private final MeterRegistry registry;

    public RedisLatencyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void mutate(ClientResources.Builder builder, AbstractRedisConfiguration config) {
        MicrometerOptions options = MicrometerOptions.builder().histogram(true).targetPercentiles(new double[0]).build();
        builder.commandLatencyRecorder(new MicrometerCommandLatencyRecorder(registry, options));
    }
}
