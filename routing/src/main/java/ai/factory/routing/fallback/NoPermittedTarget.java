package ai.factory.routing.fallback;

import ai.factory.routing.alias.Adapter;

/**
 * The tenant's routing rule (allowed pools, data residency) leaves no target of the alias: the
 * request was not sent anywhere. The client's answer is 403, not a backend error.
 */
public final class NoPermittedTarget extends RuntimeException {

    private final String alias;

    public NoPermittedTarget(String alias, String tenantId) {
        super("model '" + alias + "': none of its targets is permitted for tenant '" + tenantId
                + "' (allowed pools or data residency)", null, false, false);
        this.alias = alias;
    }

    /** None of the permitted targets runs the adapter's base model. */
    public NoPermittedTarget(String alias, String tenantId, Adapter adapter) {
        super("model '" + alias + "': none of its targets permitted for tenant '" + tenantId
                + "' runs '" + adapter.base() + "', the base model of the adapter '" + adapter.name() + "'", null, false, false);
        this.alias = alias;
    }

    public String alias() {
        return alias;
    }
}
