package ai.factory.routing.fallback;

import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.Target;
import ai.factory.routing.tenant.TenantRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets one request will try, in order: the alias's chain less what the tenant may not use,
 * less targets whose context window is known to be too small for the prompt.
 */
final class FallbackPlan {

    private FallbackPlan() {
    }

    /**
     * @param promptTokens estimated prompt size, 0 when unknown. The estimate is rough, so when
     *     every permitted target looks too small the largest one is kept: its server gives the
     *     authoritative {@code context_length_exceeded}, not the gateway's guess.
     */
    static List<Target> of(ModelAlias alias, TenantRule rule, int promptTokens) {
        List<Target> permitted = new ArrayList<>();
        for (Target target : alias.targets()) {
            if (rule.permits(target.pool())) {
                permitted.add(target);
            }
        }
        if (promptTokens <= 0 || permitted.isEmpty()) {
            return permitted;
        }
        List<Target> fitting = new ArrayList<>();
        Target largest = permitted.get(0);
        for (Target target : permitted) {
            if (target.fits(promptTokens)) {
                fitting.add(target);
            }
            if (window(target) > window(largest)) {
                largest = target;
            }
        }
        return fitting.isEmpty() ? List.of(largest) : fitting;
    }

    private static long window(Target target) {
        return target.contextWindow() == 0 ? Long.MAX_VALUE : target.contextWindow();
    }
}
