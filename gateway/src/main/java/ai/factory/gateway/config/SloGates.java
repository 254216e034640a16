package ai.factory.gateway.config;

import ai.factory.gateway.policy.TierConfig;
import ai.factory.routing.slo.SloAdmission;
import ai.factory.routing.slo.SloGate;
import ai.factory.routing.slo.TierObjective;
import ai.factory.routing.slo.WaitPredictor;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SLO-aware admission for the pools that ask for it ({@code gateway.pools.<p>.slo}), with the
 * tiers' objectives ({@code gateway.tiers.<t>.ttft-objective}) and priorities
 * ({@code gateway.tiers.<t>.priority}, the wait queue's too); a tier without an objective is held
 * to the lowest tier's.
 */
final class SloGates {

    private SloGates() {
    }

    static Map<String, SloGate> build(List<PoolConfig> pools, List<TierConfig> tiers) {
        List<TierObjective> objectives = tiers.stream().filter(t -> t.ttftObjective() != null)
                .map(t -> new TierObjective(t.name(), t.ttftObjective(), t.priority())).toList();
        Map<String, SloGate> gates = new HashMap<>();
        for (PoolConfig pool : pools) {
            PoolConfig.Slo slo = pool.slo();
            if (!slo.enabled()) {
                continue;
            }
            String where = "gateway.pools." + pool.name() + ".slo";
            if (objectives.isEmpty()) {
                throw new ConfigurationException(where + ": no tier has a ttft-objective (gateway.tiers.<tier>.ttft-objective)");
            }
            int slots = slo.batchSlots() == null ? 0 : slo.batchSlots();
            Duration service = slo.serviceTime() == null ? Duration.ofSeconds(2) : slo.serviceTime();
            Duration recheck = slo.recheck() == null ? Duration.ofMillis(100) : slo.recheck();
            float headroom = slo.headroom() == null ? 0.5f : slo.headroom();
            Duration stale = pool.metrics().staleAfter();
            try {
                gates.put(pool.name(), new SloGate(new SloAdmission(objectives, headroom),
                        new WaitPredictor(slots, service.toMillis(), stale.toMillis()), recheck.toMillis()));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(where + ": " + e.getMessage() + " (batch-slots: the servers' max_num_seqs)");
            }
        }
        return gates;
    }
}
