package ai.factory.gateway.policy;

import java.util.Map;

/**
 * Everything admission needs about one tenant, resolved once and cached: its tier, the limits
 * of the tenant scope (tier defaults under the tenant's overrides), and narrower limits per key
 * and per product (overrides only: a key or product scope limits nothing unless told to), and
 * which products it was explicitly granted or denied.
 */
public record TenantPolicy(String tenantId, String tier, Limits tenant, Map<String, Limits> perKey,
                           Map<String, Limits> perProduct, LedgerSeed ledger, Map<String, Boolean> products) {

    public TenantPolicy {
        perKey = Map.copyOf(perKey);
        perProduct = Map.copyOf(perProduct);
        products = Map.copyOf(products);
    }

    /** The tenant's own entitlement to a product, or null when the configured default applies. */
    public Boolean entitlement(String product) {
        return products.get(product);
    }

    public Limits forKey(String keyId) {
        return perKey.getOrDefault(keyId, Limits.NONE);
    }

    public Limits forProduct(String product) {
        return product == null ? Limits.NONE : perProduct.getOrDefault(product, Limits.NONE);
    }
}
