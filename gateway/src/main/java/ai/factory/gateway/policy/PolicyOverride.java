package ai.factory.gateway.policy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A stored override of one scope's limits; '' for key or product means "the whole tenant". */
@MappedEntity("policy_overrides")
public record PolicyOverride(
        @Id String id,
        String tenantId,
        String keyId,
        String product,
        @Nullable Long rpm,
        @Nullable Long tpm,
        @Nullable Long concurrency,
        @Nullable Long dailyTokens,
        @Nullable Long monthlyTokens,
        @Nullable Long dailyCostNanos,
        @Nullable Long monthlyCostNanos,
        @DateUpdated Instant updatedAt) {

    public static String idOf(String tenantId, String keyId, String product) {
        return tenantId + "/" + keyId + "/" + product;
    }

    public Limits limits() {
        return new Limits(rpm, tpm, concurrency, dailyTokens, monthlyTokens, dailyCostNanos, monthlyCostNanos);
    }

    public static PolicyOverride of(String tenantId, String keyId, String product, Limits l) {
        return new PolicyOverride(idOf(tenantId, keyId, product), tenantId, keyId, product, l.rpm(), l.tpm(),
                l.concurrency(), l.dailyTokens(), l.monthlyTokens(), l.dailyCostNanos(), l.monthlyCostNanos(), null);
    }
}
