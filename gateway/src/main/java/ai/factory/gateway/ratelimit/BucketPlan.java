package ai.factory.gateway.ratelimit;

import ai.factory.gateway.policy.AdmissionPeriods;
import ai.factory.gateway.policy.LedgerSeed;
import ai.factory.gateway.policy.Limits;
import ai.factory.gateway.policy.TenantPolicy;
import ai.factory.gateway.redis.RedisKeys;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Which buckets a request must fit in: each limit of the tenant scope, and of the key and
 * product scopes where they have their own. Keys carry the tenant's hash tag ({@link RedisKeys})
 * so that, on Redis Cluster, one tenant's buckets live in one slot and one script can touch them all.
 * Budgets are per UTC day and month: at midnight a new key starts from zero.
 */
public final class BucketPlan {

    private static final long MINUTE = 60_000;

    private BucketPlan() {
    }

    /**
     * @param tokens estimated prompt tokens plus the most the answer may use
     * @param costNanos the cost of {@code tokens} at the model's prices
     * @param leaseMillis how long a concurrency slot lives if its holder never releases it
     */
    public static List<Bucket> buckets(RedisKeys keys, TenantPolicy policy, String keyId, String product, long tokens,
            long costNanos, long leaseMillis, ZonedDateTime now) {
        List<Bucket> buckets = new ArrayList<>();
        String tag = keys.limiter(policy.tenantId());
        tokens = Bounded.clamp(tokens);
        costNanos = Bounded.clamp(costNanos);
        add(buckets, tag + ":t", policy.tenant(), tokens, costNanos, leaseMillis, now, policy.ledger());
        add(buckets, tag + ":k:" + keyId, policy.forKey(keyId), tokens, costNanos, leaseMillis, now, null);
        if (product != null) {
            add(buckets, tag + ":p:" + product, policy.forProduct(product), tokens, costNanos, leaseMillis, now, null);
        }
        return buckets;
    }

    /**
     * @param ledger the tenant's ledger totals (the tenant scope only: it is what the rate-limit
     *     headers describe and what the ledger can re-seed), null for narrower scopes
     */
    private static void add(List<Bucket> buckets, String prefix, Limits limits, long tokens, long cost, long leaseMillis,
            ZonedDateTime now, LedgerSeed ledger) {
        boolean headers = ledger != null;
        ZonedDateTime utc = now.withZoneSameInstant(ZoneOffset.UTC);
        String day = AdmissionPeriods.day(utc);
        String month = AdmissionPeriods.month(utc);
        boolean sameDay = ledger != null && day.equals(ledger.day());
        boolean sameMonth = ledger != null && month.equals(ledger.month());
        if (limits.rpm() != null) {
            buckets.add(new Bucket(Bucket.REQ, prefix + ":rpm", limits.rpm(), MINUTE, 1, headers ? "requests" : null));
        }
        if (limits.tpm() != null) {
            buckets.add(new Bucket(Bucket.TOK, prefix + ":tpm", limits.tpm(), MINUTE, tokens, headers ? "tokens" : null));
        }
        if (limits.concurrency() != null) {
            buckets.add(new Bucket(Bucket.LEASE, prefix + ":conc", limits.concurrency(), leaseMillis, 1, null));
        }
        long dayLeft = Duration.between(utc, utc.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC)).toMillis();
        long monthLeft = Duration.between(utc, utc.toLocalDate().withDayOfMonth(1).plusMonths(1)
                .atStartOfDay(ZoneOffset.UTC)).toMillis();
        // Keys outlive their window by a day so a late settlement still finds them.
        if (limits.dailyTokens() != null) {
            buckets.add(new Bucket(Bucket.BUDGET, prefix + ":dtok:" + day, limits.dailyTokens(),
                    dayLeft + 86_400_000L, tokens, null, sameDay ? ledger.dayTokens() : 0));
        }
        if (limits.monthlyTokens() != null) {
            buckets.add(new Bucket(Bucket.BUDGET, prefix + ":mtok:" + month, limits.monthlyTokens(),
                    monthLeft + 86_400_000L, tokens, null, sameMonth ? ledger.monthTokens() : 0));
        }
        if (limits.dailyCostNanos() != null) {
            buckets.add(new Bucket(Bucket.BUDGET, prefix + ":dcost:" + day, limits.dailyCostNanos(),
                    dayLeft + 86_400_000L, cost, null, sameDay ? ledger.dayCostNanos() : 0));
        }
        if (limits.monthlyCostNanos() != null) {
            buckets.add(new Bucket(Bucket.BUDGET, prefix + ":mcost:" + month, limits.monthlyCostNanos(),
                    monthLeft + 86_400_000L, cost, null, sameMonth ? ledger.monthCostNanos() : 0));
        }
    }
}
