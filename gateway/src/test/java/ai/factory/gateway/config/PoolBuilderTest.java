package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.factory.routing.health.GuardSettings;
import ai.factory.routing.health.ServerProbes;
import ai.factory.routing.pool.Endpoint;
import io.micronaut.context.exceptions.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolBuilderTest {

    private static final PoolConfig GPU = TestPools.pool("gpu", TestPools.NO_SLO);

    @Test
    void an_endpoint_takes_weight_one_and_the_pools_default_cap_unless_it_sets_them() {
        List<Endpoint> endpoints = PoolBuilder.endpoints(GPU, List.of(
                new PoolConfig.EndpointEntry(URI.create("http://a:8000"), null, null, null),
                new PoolConfig.EndpointEntry(URI.create("http://b:8000"), 3, 8, null)), GuardSettings.defaults());
        assertEquals(1, endpoints.get(0).weight());
        assertEquals(64, endpoints.get(0).maxConcurrent());
        assertEquals(3, endpoints.get(1).weight());
        assertEquals(8, endpoints.get(1).maxConcurrent());
    }

    @Test
    void an_endpoint_without_a_url_stops_the_start_naming_it() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PoolBuilder.endpoints(GPU, List.of(
                new PoolConfig.EndpointEntry(URI.create("http://a:8000"), null, null, null),
                new PoolConfig.EndpointEntry(null, 2, null, null)), GuardSettings.defaults()));
        assertEquals("gateway.pools.gpu.endpoints[1].url: required", e.getMessage());
    }

    @Test
    void a_pool_without_endpoints_stops_the_start() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> PoolBuilder.endpoints(GPU, List.of(), GuardSettings.defaults()));
        assertEquals("gateway.pools.gpu.endpoints: no endpoints", e.getMessage());
    }

    @Test
    void unset_breaker_settings_keep_the_routing_cores_defaults_and_set_ones_replace_them() {
        PoolConfig pool = new PoolConfig("gpu", GPU.protocol(), null, 64, GPU.endpoints(), GPU.balancer(), GPU.location(),
                GPU.responses(), null, null, 3, 100_000, new PoolConfig.HealthCheck(null, null, 5), null,
                new PoolConfig.CircuitBreaker(25f, null, null, Duration.ofSeconds(3), null), null, null, null, null);
        GuardSettings guard = PoolBuilder.guard(pool);
        GuardSettings d = GuardSettings.defaults();
        assertEquals(25f, guard.breakerFailureRate());
        assertEquals(Duration.ofSeconds(3), guard.breakerOpenFor());
        assertEquals(d.breakerWindow(), guard.breakerWindow());
        assertEquals(d.ejectAfterFailures(), guard.ejectAfterFailures());
        assertEquals(5, guard.unhealthyAfter());
    }

    @Test
    void a_model_target_without_a_pool_stops_the_start_naming_it() {
        ModelConfig model = new ModelConfig("chat", List.of(new ModelConfig.TargetEntry(null, "m", null)), null);
        try (ServerProbes probes = new ServerProbes()) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> new RoutingFactory().routeTable(List.of(GPU), List.of(model), probes, null));
            assertEquals("gateway.models.chat.targets[0].pool: required", e.getMessage());
        }
    }
}
