package ai.factory.routing.tenant;

import ai.factory.routing.pool.Location;
import ai.factory.routing.pool.Pool;
import java.util.Set;

/**
 * Where one tenant's requests may go.
 *
 * @param allowedPools the pools the tenant may use, first choice or fallback; empty = any
 * @param onPremOnly data residency: never a pool outside the factory ({@link Location#EXTERNAL}),
 *     whatever the alias's fallback chain says
 */
public record TenantRule(Set<String> allowedPools, boolean onPremOnly) {

    public static final TenantRule ANY = new TenantRule(Set.of(), false);

    public TenantRule {
        allowedPools = Set.copyOf(allowedPools);
    }

    public boolean permits(Pool pool) {
        if (onPremOnly && pool.location() != Location.ON_PREM) {
            return false;
        }
        return allowedPools.isEmpty() || allowedPools.contains(pool.name());
    }
}
