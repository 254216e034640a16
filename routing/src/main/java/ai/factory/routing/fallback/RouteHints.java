package ai.factory.routing.fallback;

import ai.factory.routing.alias.Adapter;
import ai.factory.routing.balancing.BalanceHints;
import ai.factory.routing.tenant.TenantRule;

/**
 * What the request path knows about a request that routing can use.
 *
 * @param tenantId the calling tenant, for its routing rule and queue fairness; null when unknown
 * @param tenantRule the tenant's rule when the caller already has it (e.g. from its policy store);
 *     null to use the rule configured under {@code gateway.tenant-routing}
 * @param sessionId the client's {@code x-session-id}, or null
 * @param prefixBlocks {@link ai.factory.routing.balancing.PrefixBlocks#of(String)} of the rendered
 *     prompt, or empty
 * @param promptTokens the estimated prompt size, to skip targets whose context window is too
 *     small; 0 when unknown
 * @param priority the tenant tier's priority in a pool's wait queue, higher first; 0 by default
 * @param tier the tenant's tier, for SLO-aware admission on pools that have it; null when unknown
 * @param adapter the LoRA adapter the request is served as (a product's), or null
 * @param prompt the rendered prompt ({@link ai.factory.routing.balancing.BalanceHints#prompt()}), or null
 */
public record RouteHints(
        String tenantId,
        TenantRule tenantRule,
        String sessionId,
        long[] prefixBlocks,
        int promptTokens,
        int priority,
        String tier,
        Adapter adapter,
        CharSequence prompt) {

    public static final RouteHints NONE = new RouteHints(null, null, null, new long[0], 0, 0);

    public RouteHints(String tenantId, TenantRule tenantRule, String sessionId, long[] prefixBlocks, int promptTokens,
            int priority) {
        this(tenantId, tenantRule, sessionId, prefixBlocks, promptTokens, priority, null, null);
    }

    public RouteHints(String tenantId, TenantRule tenantRule, String sessionId, long[] prefixBlocks, int promptTokens,
            int priority, String tier, Adapter adapter) {
        this(tenantId, tenantRule, sessionId, prefixBlocks, promptTokens, priority, tier, adapter, null);
    }

    public RouteHints {
        prefixBlocks = prefixBlocks == null ? new long[0] : prefixBlocks;
    }

    BalanceHints balance() {
        return new BalanceHints(sessionId, prefixBlocks, null, prompt);
    }
}
