package ai.factory.gateway.admin;

import ai.factory.gateway.accounting.Usd;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.policy.Limits;
import ai.factory.gateway.policy.PolicyCache;
import ai.factory.gateway.policy.PolicyOverride;
import ai.factory.gateway.policy.PolicyOverrideRepository;
import ai.factory.gateway.policy.TierConfig;
import ai.factory.gateway.tenant.Tenant;
import ai.factory.gateway.tenant.TenantRepository;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;

/**
 * Operators' API for a tenant's tier and limit overrides. Every change is announced to all
 * gateway instances, which drop their cached policy at once.
 */
@Controller("/admin/tenants/{tenantId}")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PolicyController {

    private final TenantRepository tenants;
    private final PolicyOverrideRepository overrides;
    private final PolicyCache cache;
    private final List<TierConfig> tiers;

    public PolicyController(TenantRepository tenants, PolicyOverrideRepository overrides, PolicyCache cache,
            List<TierConfig> tiers) {
        this.tenants = tenants;
        this.overrides = overrides;
        this.cache = cache;
        this.tiers = tiers;
    }

    @Introspected
    public record TierChange(String tier) {
    }

    /** Limits to set; absent fields inherit. Costs in USD. */
    @Introspected
    public record LimitsBody(@Nullable @JsonProperty("key_id") String keyId, @Nullable String product,
                             @Nullable Long rpm, @Nullable Long tpm, @Nullable Long concurrency,
                             @Nullable @JsonProperty("daily_tokens") Long dailyTokens,
                             @Nullable @JsonProperty("monthly_tokens") Long monthlyTokens,
                             @Nullable @JsonProperty("daily_cost_usd") Double dailyCostUsd,
                             @Nullable @JsonProperty("monthly_cost_usd") Double monthlyCostUsd) {
    }

    @Put("/tier")
    public AdminViews.PolicyView setTier(@PathVariable String tenantId, @Body TierChange body) {
        Tenant tenant = tenant(tenantId);
        if (tiers.stream().noneMatch(t -> t.name().equals(body.tier()))) {
            throw GatewayError.invalidRequest("tier", "unknown tier '" + body.tier() + "'; known: "
                    + tiers.stream().map(TierConfig::name).toList());
        }
        tenants.update(new Tenant(tenant.id(), tenant.name(), body.tier(), tenant.createdAt()));
        cache.changed(tenantId);
        return policy(tenantId);
    }

    @Put("/policy")
    public AdminViews.PolicyView setLimits(@PathVariable String tenantId, @Body LimitsBody body) {
        tenant(tenantId);
        for (Long v : new Long[] {body.rpm(), body.tpm(), body.concurrency(), body.dailyTokens(), body.monthlyTokens()}) {
            if (v != null && v < 0) {
                throw GatewayError.invalidRequest(null, "limits must not be negative");
            }
        }
        Limits limits = new Limits(body.rpm(), body.tpm(), body.concurrency(), body.dailyTokens(), body.monthlyTokens(),
                usdToNanos(body.dailyCostUsd()), usdToNanos(body.monthlyCostUsd()));
        String keyId = body.keyId() == null ? "" : body.keyId();
        String product = body.product() == null ? "" : body.product();
        if (!keyId.isEmpty() && !product.isEmpty()) {
            throw GatewayError.invalidRequest("product", "an override narrows either a key or a product, not both");
        }
        PolicyOverride override = PolicyOverride.of(tenantId, keyId, product, limits);
        if (overrides.existsById(override.id())) {
            overrides.update(override);
        } else {
            overrides.save(override);
        }
        cache.changed(tenantId);
        return policy(tenantId);
    }

    @Delete("/policy")
    public AdminViews.PolicyView clearLimits(@PathVariable String tenantId, @Nullable @QueryValue("key_id") String keyId,
            @Nullable @QueryValue String product) {
        tenant(tenantId);
        overrides.deleteById(PolicyOverride.idOf(tenantId, keyId == null ? "" : keyId, product == null ? "" : product));
        cache.changed(tenantId);
        return policy(tenantId);
    }

    @Get("/policy")
    public AdminViews.PolicyView policy(@PathVariable String tenantId) {
        Tenant tenant = tenant(tenantId);
        AdminViews.LimitsView tierLimits = tiers.stream().filter(t -> t.name().equals(tenant.tier())).findFirst()
                .map(t -> AdminViews.LimitsView.of(t.limits())).orElse(AdminViews.LimitsView.of(Limits.NONE));
        return new AdminViews.PolicyView(tenantId, tenant.tier(), tierLimits,
                overrides.findByTenantId(tenantId).stream().map(AdminViews.OverrideView::of).toList());
    }

    private Tenant tenant(String id) {
        return tenants.findById(id).orElseThrow(() -> GatewayError.notFound("tenant_not_found", "tenant", "no tenant '" + id + "'"));
    }

    private static Long usdToNanos(Double usd) {
        if (usd != null && usd < 0) {
            throw GatewayError.invalidRequest(null, "budgets must not be negative");
        }
        return Usd.toNanos(usd);
    }
}
