package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.policy.PolicyCache;
import ai.factory.gateway.policy.TierConfig;
import ai.factory.gateway.products.ProductsConfig;
import ai.factory.gateway.ratelimit.AdmissionConfig;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.routing.pool.Location;
import ai.factory.routing.pool.Protocol;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A YAML setting every typed key starts the gateway, and Micronaut binds each value into the records. */
class ConfigBindingIT {

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder().configFile("/config/full-gateway.yml").build();

    private static GatewayApp app;

    @BeforeAll
    static void start() {
        app = gw.app();
    }

    private static <T> T named(Class<T> type, String name) {
        return app.context().getBean(type, Qualifiers.byName(name));
    }

    @Test
    void the_top_level_settings_and_their_blocks_bind() {
        GatewayConfig gateway = app.context().getBean(GatewayConfig.class);
        assertEquals(new GatewayConfig(Duration.ofSeconds(3), Duration.ofSeconds(45), 1_048_576, 2048L, 65_536L,
                new GatewayConfig.Cache(false, Duration.ofMinutes(5), 4096),
                new GatewayConfig.Backend(GatewayConfig.Transport.JDK, Duration.ofSeconds(30), Duration.ofSeconds(2))),
                gateway);
        assertEquals(new AdmissionConfig(AdmissionConfig.RedisFailure.FAIL_CLOSED, 3, Duration.ofMinutes(5),
                Duration.ofSeconds(1), false), app.context().getBean(AdmissionConfig.class));
        ProductsConfig products = app.context().getBean(ProductsConfig.class);
        assertEquals(ProductsConfig.DefaultEntitlement.LIST, products.defaultEntitlement());
        assertEquals(List.of("summarize"), products.defaultProducts());
    }

    @Test
    void a_pool_binds_with_its_endpoint_list_and_every_nested_block() {
        PoolConfig pool = named(PoolConfig.class, "gpu-a");
        assertEquals(Protocol.OPENAI, pool.protocol());
        assertEquals("sk-pool", pool.apiKey());
        assertEquals(32, pool.defaultMaxConcurrent());
        assertEquals(BalancerName.PREFIX_AWARE, pool.balancer());
        assertEquals(Location.ON_PREM, pool.location());
        assertTrue(pool.responsesPassthrough());
        assertEquals(Duration.ofSeconds(30), pool.firstByteTimeout());
        assertEquals(Duration.ofMinutes(5), pool.callTimeout());
        assertEquals(2, pool.maxAttempts());
        assertEquals(5000, pool.prefixIndexBlocks());
        assertEquals(List.of(new PoolConfig.EndpointEntry(URI.create("http://127.0.0.1:1"), 2, 16, null),
                new PoolConfig.EndpointEntry(URI.create("http://127.0.0.1:2"), null, null, null)), pool.endpoints());
        assertEquals(new PoolConfig.HealthCheck(null, Duration.ofSeconds(1), 4), pool.healthCheck());
        assertEquals(new PoolConfig.Metrics(null, Duration.ofSeconds(3)), pool.metrics());
        assertEquals(new PoolConfig.CircuitBreaker(40f, 30, 5, Duration.ofSeconds(20), 3), pool.circuitBreaker());
        assertEquals(new PoolConfig.OutlierEjection(7, Duration.ofSeconds(15)), pool.outlierEjection());
        assertEquals(new PoolConfig.Queue(128, Duration.ofSeconds(3)), pool.queue());
        assertEquals(new PoolConfig.Slo(256, Duration.ofMillis(1500), Duration.ofMillis(50), 0.6f), pool.slo());

        PoolConfig cloud = named(PoolConfig.class, "cloud");
        assertEquals(Protocol.ANTHROPIC, cloud.protocol());
        assertEquals(Location.EXTERNAL, cloud.location());
        assertEquals(BalancerName.ROUND_ROBIN, cloud.balancer());
        assertEquals(new PoolConfig.Queue(0, Duration.ofSeconds(2)), cloud.queue(), "an absent block keeps its defaults");
    }

    @Test
    void aliases_tenant_routing_and_tiers_bind() {
        ModelConfig model = named(ModelConfig.class, "chat-full");
        assertEquals(4096L, model.maxOutputTokens());
        assertEquals(List.of(new ModelConfig.TargetEntry("gpu-a", "meta-llama/Llama-3.1-8B-Instruct", 8192),
                new ModelConfig.TargetEntry("cloud", null, null)), model.targets());
        TenantRoutingConfig bank = named(TenantRoutingConfig.class, "bank-co");
        assertEquals(List.of("gpu-a"), bank.allowedPools());
        assertEquals(TenantRoutingConfig.DataResidency.ON_PREM_ONLY, bank.dataResidency());
        TierConfig gold = named(TierConfig.class, "gold");
        assertEquals(2_500_000_000L, gold.limits().dailyCostNanos());
        assertEquals(Duration.ofMillis(500), gold.ttftObjective());
        assertEquals(5, app.context().getBean(PolicyCache.class).priorityOf("gold"));
        assertEquals(2, app.context().getBean(PolicyCache.class).priorityOf("enterprise"), "application.yml's tiers stay");
    }
}
