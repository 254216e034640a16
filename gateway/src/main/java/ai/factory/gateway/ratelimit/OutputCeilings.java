package ai.factory.gateway.ratelimit;

import ai.factory.gateway.config.GatewayConfig;
import ai.factory.gateway.config.ModelConfig;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.Target;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most one answer of a model alias may ask for: the alias's {@code max-output-tokens}, else
 * the largest context window of its targets (when every target declares one), else the gateway's
 * {@code max-output-tokens}. Always at least 1 and at most {@link Bounded#MAX}.
 */
@Singleton
public class OutputCeilings {

    private final Map<String, Long> perAlias = new HashMap<>();
    private final long fallback;

    public OutputCeilings(List<ModelConfig> models, GatewayConfig config) {
        for (ModelConfig m : models) {
            if (m.maxOutputTokens() != null) {
                perAlias.put(m.alias(), bound(m.maxOutputTokens()));
            }
        }
        this.fallback = bound(config.maxOutputTokens());
    }

    public long of(ModelAlias alias) {
        Long configured = perAlias.get(alias.name());
        if (configured != null) {
            return configured;
        }
        boolean allKnown = alias.targets().stream().allMatch(t -> t.contextWindow() > 0);
        int widest = alias.targets().stream().mapToInt(Target::contextWindow).max().orElse(0);
        return allKnown && widest > 0 ? Math.min(fallback, widest) : fallback;
    }

    private static long bound(long value) {
        return Math.max(1, Bounded.clamp(value));
    }
}
