package ai.factory.gateway.ratelimit;

import ai.factory.gateway.policy.AdmissionPeriods;
import ai.factory.gateway.policy.LedgerSeed;
import ai.factory.gateway.policy.Limits;
import ai.factory.gateway.policy.TenantPolicy;
import ai.factory.gateway.redis.RedisKeys;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Which buckets a request must fit in: each limit of the tenant scope, and of the key and
 * product scopes where they have their own. Each scope is one Redis hash holding its buckets as
 * fields (see {@link Bucket}); keys carry the tenant's hash tag ({@link RedisKeys}) so that, on
 * Redis Cluster, one tenant's buckets live in one slot and one script can touch them all.
 * Budgets are per UTC day and month: at midnight a new field starts from zero.
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
            buckets.add(Bucket.inScope(BucketKind.REQUESTS, prefix, BucketKind.REQUESTS.keyPart(), limits.rpm(), MINUTE,
                    1, headers ? "requests" : null, 0));
        }
        if (limits.tpm() != null) {
            buckets.add(Bucket.inScope(BucketKind.TOKENS, prefix, BucketKind.TOKENS.keyPart(), limits.tpm(), MINUTE,
                    tokens, headers ? "tokens" : null, 0));
        }
        if (limits.concurrency() != null) {
            buckets.add(Bucket.inScope(BucketKind.CONCURRENCY, prefix, BucketKind.CONCURRENCY.keyPart(),
                    limits.concurrency(), leaseMillis, 1, null, 0));
        }
        // Counters outlive their period by a day so a late settlement still finds them.
        budget(buckets, prefix, BucketKind.DAILY_TOKENS, limits.dailyTokens(), day, utc, tokens,
                sameDay ? ledger.dayTokens() : 0);
        budget(buckets, prefix, BucketKind.MONTHLY_TOKENS, limits.monthlyTokens(), month, utc, tokens,
                sameMonth ? ledger.monthTokens() : 0);
        budget(buckets, prefix, BucketKind.DAILY_COST, limits.dailyCostNanos(), day, utc, cost,
                sameDay ? ledger.dayCostNanos() : 0);
        budget(buckets, prefix, BucketKind.MONTHLY_COST, limits.monthlyCostNanos(), month, utc, cost,
                sameMonth ? ledger.monthCostNanos() : 0);
    }

    private static void budget(List<Bucket> buckets, String prefix, BucketKind kind, Long limit, String periodName,
            ZonedDateTime utc, long amount, long seed) {
        if (limit != null) {
            buckets.add(Bucket.inScope(kind, prefix, kind.keyPart() + ":" + periodName, limit,
                    kind.period().millisLeft(utc) + 86_400_000L, amount, null, seed));
        }
    }
}
