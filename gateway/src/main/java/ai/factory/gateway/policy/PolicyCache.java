package ai.factory.gateway.policy;

import ai.factory.gateway.products.EntitlementRepository;
import ai.factory.gateway.redis.Channels;
import ai.factory.gateway.tenant.Tenant;
import ai.factory.gateway.usage.UsageTotals;
import ai.factory.gateway.tenant.TenantRepository;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant policies in memory for the hot path (loaded from PostgreSQL on the blocking pool at a
 * tenant's first request). A change made on any instance is announced on Redis pub/sub and every
 * instance drops its copy at once; the refresh interval only covers a lost message.
 */
@Context
public class PolicyCache {

    static final String CHANNEL = "gateway:policies:changed";
    private static final Logger LOG = LoggerFactory.getLogger(PolicyCache.class);

    private final AsyncLoadingCache<String, TenantPolicy> cache;
    private final Channels channels;
    private final TierPriorities priorities;

    public PolicyCache(TenantRepository tenants, PolicyOverrideRepository overrides, List<TierConfig> tiers,
            UsageTotals totals, EntitlementRepository entitlements, Channels channels, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        Map<String, Limits> tierLimits = new HashMap<>();
        tiers.forEach(t -> tierLimits.put(t.name(), t.limits()));
        this.priorities = new TierPriorities(tiers);
        this.cache = Caffeine.newBuilder()
                .maximumSize(100_000)
                .refreshAfterWrite(Duration.ofSeconds(30))
                .executor(blocking)
                .buildAsync(tenantId -> load(tenantId, tenants, overrides, totals, entitlements, tierLimits));
        this.channels = channels;
        channels.subscribe(CHANNEL, tenantId -> cache.synchronous().invalidate(tenantId));
    }

    /** The wait-queue priority of a tenant's tier, from {@code gateway.tiers.<tier>.priority}. */
    public int priorityOf(String tier) {
        return priorities.priorityOf(tier);
    }

    public CompletableFuture<TenantPolicy> policy(String tenantId) {
        return cache.get(tenantId);
    }

    /** Drops the tenant's policy here and on every other instance. */
    public void changed(String tenantId) {
        cache.synchronous().invalidate(tenantId);
        channels.publish(CHANNEL, tenantId, "other instances pick it up within 30 s");
    }

    private static TenantPolicy load(String tenantId, TenantRepository tenants, PolicyOverrideRepository overrides,
            UsageTotals totals, EntitlementRepository entitlements, Map<String, Limits> tierLimits) {
        String tier = tenants.findById(tenantId).map(Tenant::tier).orElse("standard");
        Limits tenantLimits = tierLimits.getOrDefault(tier, Limits.NONE);
        Map<String, Limits> perKey = new HashMap<>();
        Map<String, Limits> perProduct = new HashMap<>();
        for (PolicyOverride o : overrides.findByTenantId(tenantId)) {
            if (o.keyId().isEmpty() && o.product().isEmpty()) {
                tenantLimits = tenantLimits.overriddenBy(o.limits());
            } else if (!o.keyId().isEmpty()) {
                perKey.put(o.keyId(), o.limits());
            } else {
                perProduct.put(o.product(), o.limits());
            }
        }
        Map<String, Boolean> products = new HashMap<>();
        entitlements.findByTenantId(tenantId).forEach(e -> products.put(e.product(), e.enabled()));
        return new TenantPolicy(tenantId, tier, tenantLimits, perKey, perProduct, seed(tenantId, tenantLimits, totals),
                products);
    }

    /** Ledger totals of the current UTC day and month, only for tenants that have budgets. */
    private static LedgerSeed seed(String tenantId, Limits limits, UsageTotals totals) {
        if (limits.dailyTokens() == null && limits.monthlyTokens() == null && limits.dailyCostNanos() == null
                && limits.monthlyCostNanos() == null) {
            return LedgerSeed.NONE;
        }
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Instant dayStart = now.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant monthStart = now.toLocalDate().withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        try {
            UsageTotals.Totals day = totals.since(tenantId, dayStart);
            UsageTotals.Totals month = totals.since(tenantId, monthStart);
            return new LedgerSeed(AdmissionPeriods.day(now), AdmissionPeriods.month(now), day.tokens(), month.tokens(),
                    day.costNanos(), month.costNanos());
        } catch (RuntimeException e) {
            LOG.warn("could not read the ledger totals of tenant {}; budgets are not re-seeded", tenantId, e);
            return LedgerSeed.NONE;
        }
    }
}
