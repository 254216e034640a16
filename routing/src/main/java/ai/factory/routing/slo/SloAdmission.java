package ai.factory.routing.slo;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SLO-aware admission under overload: given the predicted wait on the pool, a request is sent,
 * held at the gateway a little longer, or refused (503 with {@code retry-after}).
 *
 * <p>A tier may add to the pool's queue only while the predicted wait stays within the
 * objective of every tier at or above its priority, scaled by {@code headroom} for all but the
 * top tier: the lower tiers stop short of the paying tiers' promise, so a paying request that
 * arrives next still finds a queue it can keep its promise behind. A request over its threshold
 * waits at the gateway (where, unlike in the server's FIFO queue, it delays nobody of a higher
 * tier) and is re-decided; once waiting longer could no longer keep its own objective, it is
 * refused, with the predicted wait as the retry delay.
 */
public final class SloAdmission {

    /** What to do with a request now. {@code retryAfter} is set for {@link Kind#REFUSE} only. */
    public record Decision(Kind kind, Duration retryAfter) {
        public enum Kind { ADMIT, WAIT, REFUSE }
    }

    private final Map<String, TierObjective> tiers;
    private final Map<String, Double> thresholdMillis;
    private final TierObjective lowest;

    /**
     * @param headroom share (0..1] of the stricter objectives a lower tier may fill the queue to
     */
    public SloAdmission(List<TierObjective> objectives, double headroom) {
        if (objectives.isEmpty() || !(headroom > 0 && headroom <= 1)) {
            throw new IllegalArgumentException("SLO admission needs tiers and a headroom in (0, 1]");
        }
        this.tiers = objectives.stream().collect(Collectors.toUnmodifiableMap(TierObjective::tier, Function.identity()));
        int top = objectives.stream().mapToInt(TierObjective::priority).max().orElseThrow();
        this.thresholdMillis = objectives.stream().collect(Collectors.toUnmodifiableMap(TierObjective::tier, t -> {
            double strictest = objectives.stream().filter(u -> u.priority() >= t.priority())
                    .mapToDouble(u -> u.ttft().toMillis()).min().orElseThrow();
            return t.priority() == top ? strictest : strictest * headroom;
        }));
        this.lowest = objectives.stream().min(Comparator.comparingInt(TierObjective::priority)).orElseThrow();
    }

    /**
     * @param tier the caller's tier; an unknown tier is treated as the lowest
     * @param predictedWaitMillis from {@link WaitPredictor}
     * @param waitedMillis how long this request has already been held at the gateway
     * @param recheckMillis how long until it would be decided again if it waits
     */
    public Decision decide(String tier, double predictedWaitMillis, long waitedMillis, long recheckMillis) {
        TierObjective objective = tiers.getOrDefault(tier, lowest);
        if (predictedWaitMillis <= thresholdMillis.get(objective.tier())) {
            return new Decision(Decision.Kind.ADMIT, null);
        }
        if (waitedMillis + recheckMillis + Math.min(predictedWaitMillis, thresholdMillis.get(objective.tier()))
                <= objective.ttft().toMillis()) {
            return new Decision(Decision.Kind.WAIT, null);
        }
        long retry = Math.max(1, (long) Math.ceil(predictedWaitMillis / 1000.0));
        return new Decision(Decision.Kind.REFUSE, Duration.ofSeconds(retry));
    }

    public TierObjective objective(String tier) {
        return tiers.getOrDefault(tier, lowest);
    }

    /** The predicted wait under which the tier is admitted at once. */
    public double thresholdMillis(String tier) {
        return thresholdMillis.get(objective(tier).tier());
    }
}
