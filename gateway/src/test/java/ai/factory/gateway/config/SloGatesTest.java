package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.policy.TierConfig;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SloGatesTest {

    private static PoolConfig pool(String name, PoolConfig.Slo slo) {
        return TestPools.pool(name, slo);
    }

    private static PoolConfig.Slo slots(int batchSlots) {
        return new PoolConfig.Slo(batchSlots, null, null, null);
    }

    private static TierConfig tier(String name, int priority, Duration objective) {
        return new TierConfig(name, null, null, null, null, null, null, null, priority, objective);
    }

    @Test
    void only_pools_with_an_slo_block_are_gated_with_the_tiers_objectives() {
        var gates = SloGates.build(List.of(pool("gpu", slots(8)), pool("cloud", TestPools.NO_SLO)),
                List.of(tier("enterprise", 2, Duration.ofSeconds(1)), tier("free", 0, Duration.ofSeconds(4))));
        assertEquals(Set.of("gpu"), gates.keySet());
        assertEquals(1000, gates.get("gpu").admission().thresholdMillis("enterprise"));
        assertEquals(500, gates.get("gpu").admission().thresholdMillis("free"), "free stops at half enterprise's promise");
    }

    @Test
    void an_slo_block_without_any_tier_objective_stops_the_start() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SloGates.build(List.of(pool("gpu", slots(8))), List.of(tier("free", 0, null))));
        assertTrue(e.getMessage().contains("gateway.pools.gpu.slo"), e.getMessage());
    }

    @Test
    void an_slo_block_without_batch_slots_stops_the_start_naming_the_field() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SloGates.build(
                List.of(pool("gpu", new PoolConfig.Slo(null, Duration.ofSeconds(2), null, null))),
                List.of(tier("free", 0, Duration.ofSeconds(4)))));
        assertTrue(e.getMessage().contains("batch-slots"), e.getMessage());
    }

    @Test
    void the_shedding_order_follows_the_configured_tier_priorities_not_the_tier_names() {
        // "free" is configured above "enterprise" here: it must keep the whole promise and enterprise be shed first.
        var gates = SloGates.build(List.of(pool("gpu", slots(8))),
                List.of(tier("enterprise", 0, Duration.ofSeconds(1)), tier("free", 5, Duration.ofSeconds(4))));
        assertEquals(4000, gates.get("gpu").admission().thresholdMillis("free"));
        assertEquals(500, gates.get("gpu").admission().thresholdMillis("enterprise"),
                "the lower-priority tier stops at half the higher one's promise");
    }
}
