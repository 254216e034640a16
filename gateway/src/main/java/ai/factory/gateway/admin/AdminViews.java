package ai.factory.gateway.admin;

import ai.factory.gateway.policy.Limits;
import ai.factory.gateway.policy.PolicyOverride;
import ai.factory.gateway.tenant.ApiKey;
import ai.factory.gateway.tenant.Tenant;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * What the admin API answers, as records: the field names are the API's (the ops console and the
 * ITs read them). Every field is written, null included, as the maps these replaced wrote them.
 */
public final class AdminViews {

    private AdminViews() {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TenantView(String id, String object, String name, String tier,
                             @JsonProperty("created_at") String createdAt) {
        public static TenantView of(Tenant tenant) {
            return new TenantView(tenant.id(), "tenant", tenant.name(), tenant.tier(), String.valueOf(tenant.createdAt()));
        }
    }

    /**
     * What a listing may show of a key: never the hash, only the recognisable prefix. {@code key},
     * the secret itself, only in the answer that issued it.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record KeyView(String id, String object, @JsonProperty("tenant_id") String tenantId, String name,
                          String prefix, String status, @JsonProperty("allowed_models") List<String> allowedModels,
                          @Nullable @JsonProperty("expires_at") String expiresAt,
                          @JsonProperty("created_at") String createdAt,
                          @Nullable @JsonProperty("revoked_at") String revokedAt,
                          @Nullable @JsonInclude(JsonInclude.Include.NON_NULL) String key) {
        public static KeyView of(ApiKey key) {
            return new KeyView(key.id(), "api_key", key.tenantId(), key.name(), key.prefix(), key.status(),
                    key.allowedModels(), key.expiresAt() == null ? null : key.expiresAt().toString(),
                    String.valueOf(key.createdAt()), key.revokedAt() == null ? null : key.revokedAt().toString(), null);
        }

        public KeyView withKey(String secret) {
            return new KeyView(id, object, tenantId, name, prefix, status, allowedModels, expiresAt, createdAt, revokedAt,
                    secret);
        }
    }

    /** Limits as the admin API shows them: costs in USD, null where the scope sets none. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LimitsView(@Nullable Long rpm, @Nullable Long tpm, @Nullable Long concurrency,
                             @Nullable @JsonProperty("daily_tokens") Long dailyTokens,
                             @Nullable @JsonProperty("monthly_tokens") Long monthlyTokens,
                             @Nullable @JsonProperty("daily_cost_usd") Double dailyCostUsd,
                             @Nullable @JsonProperty("monthly_cost_usd") Double monthlyCostUsd) {
        public static LimitsView of(Limits l) {
            return new LimitsView(l.rpm(), l.tpm(), l.concurrency(), l.dailyTokens(), l.monthlyTokens(),
                    usd(l.dailyCostNanos()), usd(l.monthlyCostNanos()));
        }

        private static Double usd(Long nanos) {
            return nanos == null ? null : nanos / 1e9;
        }
    }

    /** One override: a key's or a product's own limits. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OverrideView(@Nullable @JsonProperty("key_id") String keyId, @Nullable String product,
                               @Nullable Long rpm, @Nullable Long tpm, @Nullable Long concurrency,
                               @Nullable @JsonProperty("daily_tokens") Long dailyTokens,
                               @Nullable @JsonProperty("monthly_tokens") Long monthlyTokens,
                               @Nullable @JsonProperty("daily_cost_usd") Double dailyCostUsd,
                               @Nullable @JsonProperty("monthly_cost_usd") Double monthlyCostUsd) {
        public static OverrideView of(PolicyOverride o) {
            LimitsView l = LimitsView.of(o.limits());
            return new OverrideView(o.keyId().isEmpty() ? null : o.keyId(), o.product().isEmpty() ? null : o.product(),
                    l.rpm(), l.tpm(), l.concurrency(), l.dailyTokens(), l.monthlyTokens(), l.dailyCostUsd(),
                    l.monthlyCostUsd());
        }
    }

    /** A tenant's policy: its tier's limits and its overrides. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PolicyView(String tenant, String tier, @JsonProperty("tier_limits") LimitsView tierLimits,
                             List<OverrideView> overrides) {
    }

    /** Which products a tenant may call: its own choices over the catalogue's defaults. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EntitlementsView(String tenant, @JsonProperty("default") String defaultEntitlement,
                                   Map<String, Boolean> products) {
    }
}
