package ai.factory.gateway.observe.metrics;

import ai.factory.gateway.policy.TierConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Goodput: requests a backend answered within their tier's time-to-first-token objective
 * ({@code gateway.tiers.<t>.ttft-objective}), beside every answered request of the tier, so a
 * dashboard shows both the rate and the share. Tiers without an objective are not counted; the
 * tier label takes configured names only (bounded), the pool label configured pools.
 */
@Singleton
public class Goodput {

    public static final String WITHIN = "gateway.goodput.requests";
    public static final String SERVED = "gateway.goodput.served.requests";
    public static final String SHED = "gateway.goodput.shed.requests";

    private record TierPool(String tier, String pool) {
    }

    private final Map<String, Duration> objectives = new HashMap<>();
    // Resolved once per label set; tiers and pools are configured names, so these stay small.
    private final MeterCache<String, Counter> shed;
    private final MeterCache<TierPool, Counter> served;
    private final MeterCache<TierPool, Counter> within;

    public Goodput(MeterRegistry registry, List<TierConfig> tiers) {
        tiers.stream().filter(t -> t.ttftObjective() != null).forEach(t -> objectives.put(t.name(), t.ttftObjective()));
        shed = new MeterCache<>(GenAiMeters.MAX_LABEL_SETS, tier -> Counter.builder(SHED)
                .description("Requests shed by SLO-aware admission, by tier").tag("tier", tier).register(registry));
        served = new MeterCache<>(GenAiMeters.MAX_LABEL_SETS, l -> Counter.builder(SERVED)
                .description("Requests answered, by tier and pool (goodput's denominator)")
                .tags("tier", l.tier(), "pool", l.pool()).register(registry));
        within = new MeterCache<>(GenAiMeters.MAX_LABEL_SETS, l -> Counter.builder(WITHIN)
                .description("Requests whose first token came within their tier's TTFT objective")
                .tags("tier", l.tier(), "pool", l.pool()).register(registry));
    }

    /** A request of {@code tier} was refused by SLO admission (503 {@code slo_shed}) to keep a higher tier's promise. */
    public void shed(String tier) {
        if (tier != null && objectives.containsKey(tier)) {
            shed.get(tier).increment();
        }
    }

    /** A request of {@code tier} was answered by {@code pool}, its first token {@code ttftMillis} after arrival. */
    public void served(String tier, String pool, long ttftMillis) {
        Duration objective = tier == null ? null : objectives.get(tier);
        if (objective == null || pool == null || ttftMillis < 0) {
            return;
        }
        TierPool labels = new TierPool(tier, pool);
        served.get(labels).increment();
        within.get(labels).increment(ttftMillis <= objective.toMillis() ? 1 : 0);
    }
}
