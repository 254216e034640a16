package ai.factory.routing.tenant;

import java.util.Map;

/** Each tenant's routing rule; tenants without one may use every target. Immutable. */
public final class TenantRules {

    public static final TenantRules NONE = new TenantRules(Map.of());

    private final Map<String, TenantRule> byTenant;

    public TenantRules(Map<String, TenantRule> byTenant) {
        this.byTenant = Map.copyOf(byTenant);
    }

    public TenantRule forTenant(String tenantId) {
        return tenantId == null ? TenantRule.ANY : byTenant.getOrDefault(tenantId, TenantRule.ANY);
    }
}
