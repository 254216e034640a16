package ai.factory.gateway.config;

import static ai.factory.gateway.config.ConfigValues.decimal;
import static ai.factory.gateway.config.ConfigValues.duration;
import static ai.factory.gateway.config.ConfigValues.integer;

import ai.factory.gateway.policy.TierConfig;
import ai.factory.gateway.ratelimit.Reservation;
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
 * tiers' objectives ({@code gateway.tiers.<t>.ttft-objective}). A tier's priority is its wait-queue
 * priority ({@link Reservation#priorityOf}); a tier without an objective is held to the lowest tier's.
 */
final class SloGates {

    private SloGates() {
    }

    static Map<String, SloGate> build(List<PoolConfig> pools, List<TierConfig> tiers) {
        List<TierObjective> objectives = tiers.stream().filter(t -> t.getTtftObjective() != null)
                .map(t -> new TierObjective(t.getName(), t.getTtftObjective(), Reservation.priorityOf(t.getName()))).toList();
        Map<String, SloGate> gates = new HashMap<>();
        for (PoolConfig pool : pools) {
            Map<String, Object> slo = pool.getSlo();
            if (slo.isEmpty()) {
                continue;
            }
            String where = "gateway.pools." + pool.getName() + ".slo";
            if (objectives.isEmpty()) {
                throw new ConfigurationException(where + ": no tier has a ttft-objective (gateway.tiers.<tier>.ttft-objective)");
            }
            int slots = integer(slo, "batch-slots", 0, where);
            Duration service = duration(slo, "service-time", Duration.ofSeconds(2), where);
            Duration recheck = duration(slo, "recheck", Duration.ofMillis(100), where);
            Duration stale = duration(pool.getMetrics(), "stale-after", Duration.ofSeconds(1), where);
            try {
                gates.put(pool.getName(), new SloGate(new SloAdmission(objectives, decimal(slo, "headroom", 0.5f, where)),
                        new WaitPredictor(slots, service.toMillis(), stale.toMillis()), recheck.toMillis()));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(where + ": " + e.getMessage() + " (batch-slots: the servers' max_num_seqs)");
            }
        }
        return gates;
    }
}
