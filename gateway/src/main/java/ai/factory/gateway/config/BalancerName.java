package ai.factory.gateway.config;

import java.util.Locale;

/**
 * {@code gateway.pools.<name>.balancer}: the balancers the routing core knows
 * ({@link ai.factory.routing.balancing.Balancers}), so a misspelt one stops the start.
 */
public enum BalancerName {
    ROUND_ROBIN,
    LEAST_OUTSTANDING,
    WEIGHTED_LEAST_OUTSTANDING,
    P2C,
    POWER_OF_TWO_CHOICES,
    QUEUE_KV,
    PREFIX_AWARE,
    SESSION_AFFINITY,
    PREFIX_HASH,
    KV_PREFIX,
    LORA_AFFINITY;

    /** The name as written in configuration and as {@code Balancers.named} takes it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
