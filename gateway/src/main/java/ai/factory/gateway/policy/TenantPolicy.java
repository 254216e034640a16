package ai.factory.gateway.policy;

import java.util.Map;

/**
 * Everything admission needs about one tenant, resolved once and cached: its tier, the limits
 * of the tenant scope (tier defaults under the tenant's overrides), and narrower limits per key
 * and per product (overrides only: a key or product scope limits nothing unless told to).
 */
public record TenantPolicy(String tenantId, String tier, Limits tenant, Map<String, Limits> perKey,
                           Map<String, Limits> perProduct) {

    public TenantPolicy {
        perKey = Map.copyOf(perKey);
        perProduct = Map.copyOf(perProduct);
    }

    public Limits forKey(String keyId) {
        return perKey.getOrDefault(keyId, Limits.NONE);
    }

    public Limits forProduct(String product) {
        return product == null ? Limits.NONE : perProduct.getOrDefault(product, Limits.NONE);
    }
}
