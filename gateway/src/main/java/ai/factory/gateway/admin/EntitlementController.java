package ai.factory.gateway.admin;

import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.policy.PolicyCache;
import ai.factory.gateway.products.Entitlement;
import ai.factory.gateway.products.EntitlementRepository;
import ai.factory.gateway.products.ProductsConfig;
import ai.factory.gateway.tenant.TenantRepository;
import ai.factory.products.ProductCatalog;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Operators grant or deny products per tenant; every instance drops its cached view at once. */
@Controller("/admin/tenants/{tenantId}/products")
@ExecuteOn(TaskExecutors.BLOCKING)
public class EntitlementController {

    private final TenantRepository tenants;
    private final EntitlementRepository entitlements;
    private final ProductCatalog catalog;
    private final ProductsConfig config;
    private final PolicyCache cache;

    public EntitlementController(TenantRepository tenants, EntitlementRepository entitlements, ProductCatalog catalog,
            ProductsConfig config, PolicyCache cache) {
        this.tenants = tenants;
        this.entitlements = entitlements;
        this.catalog = catalog;
        this.config = config;
        this.cache = cache;
    }

    @Introspected
    public record Change(boolean enabled) {
    }

    @Get
    public AdminViews.EntitlementsView list(@PathVariable String tenantId) {
        requireTenant(tenantId);
        Map<String, Boolean> own = new HashMap<>();
        entitlements.findByTenantId(tenantId).forEach(e -> own.put(e.product(), e.enabled()));
        Map<String, Boolean> products = new LinkedHashMap<>();
        catalog.all().forEach(p -> products.put(p.id(), own.getOrDefault(p.id(), config.entitledByDefault(p.id()))));
        return new AdminViews.EntitlementsView(tenantId, config.defaultEntitlement().configName(), products);
    }

    @Put("/{product}")
    public AdminViews.EntitlementsView set(@PathVariable String tenantId, @PathVariable String product, @Body Change change) {
        requireTenant(tenantId);
        if (catalog.find(product).isEmpty()) {
            throw GatewayError.notFound("product_not_found", "product", "no product '" + product + "'");
        }
        Entitlement entitlement = Entitlement.of(tenantId, product, change.enabled());
        if (entitlements.existsById(entitlement.id())) {
            entitlements.update(entitlement);
        } else {
            entitlements.save(entitlement);
        }
        cache.changed(tenantId);
        return list(tenantId);
    }

    private void requireTenant(String tenantId) {
        if (!tenants.existsById(tenantId)) {
            throw GatewayError.notFound("tenant_not_found", "tenant", "no tenant '" + tenantId + "'");
        }
    }
}
