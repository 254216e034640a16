package ai.factory.gateway.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Each configured tier's {@code priority}; a tenant whose tier is not configured gets the default. */
public final class TierPriorities {

    /** Between {@code free} (0) and {@code enterprise} (2) as shipped, as {@code standard} is. */
    public static final int DEFAULT = 1;

    private final Map<String, Integer> priorities = new HashMap<>();

    public TierPriorities(List<TierConfig> tiers) {
        tiers.forEach(t -> priorities.put(t.name(), t.priority()));
    }

    public int priorityOf(String tier) {
        return tier == null ? DEFAULT : priorities.getOrDefault(tier, DEFAULT);
    }
}
