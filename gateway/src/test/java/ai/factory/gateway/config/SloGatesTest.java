package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.policy.TierConfig;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SloGatesTest {

    private static PoolConfig pool(String name, Map<String, Object> slo) {
        PoolConfig config = new PoolConfig(name);
        config.setSlo(slo);
        return config;
    }

    private static TierConfig tier(String name, Duration objective) {
        TierConfig tier = new TierConfig(name);
        tier.setTtftObjective(objective);
        return tier;
    }

    @Test
    void only_pools_with_an_slo_block_are_gated_with_the_tiers_objectives() {
        var gates = SloGates.build(List.of(pool("gpu", Map.of("batch-slots", 8)), pool("cloud", Map.of())),
                List.of(tier("enterprise", Duration.ofSeconds(1)), tier("free", Duration.ofSeconds(4))));
        assertEquals(Set.of("gpu"), gates.keySet());
        assertEquals(1000, gates.get("gpu").admission().thresholdMillis("enterprise"));
        assertEquals(500, gates.get("gpu").admission().thresholdMillis("free"), "free stops at half enterprise's promise");
    }

    @Test
    void an_slo_block_without_any_tier_objective_stops_the_start() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SloGates.build(List.of(pool("gpu", Map.of("batch-slots", 8))), List.of(tier("free", null))));
        assertTrue(e.getMessage().contains("gateway.pools.gpu.slo"), e.getMessage());
    }

    @Test
    void an_slo_block_without_batch_slots_stops_the_start_naming_the_field() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SloGates.build(
                List.of(pool("gpu", Map.of("service-time", "2s"))), List.of(tier("free", Duration.ofSeconds(4)))));
        assertTrue(e.getMessage().contains("batch-slots"), e.getMessage());
    }
}
