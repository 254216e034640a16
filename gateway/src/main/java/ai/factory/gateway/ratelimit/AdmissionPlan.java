package ai.factory.gateway.ratelimit;

import ai.factory.gateway.policy.Limits;
import ai.factory.gateway.policy.TenantPolicy;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Which buckets a request must fit in: each limit of the tenant scope, and of the key and
 * product scopes where they have their own. Keys carry the tenant in a hash tag so that, on
 * Redis Cluster, one tenant's buckets live in one slot and one script can touch them all.
 * Budgets are per UTC day and month: at midnight a new key starts from zero.
 */
public final class AdmissionPlan {

    private static final long MINUTE = 60_000;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    private AdmissionPlan() {
    }

    /**
     * @param tokens estimated prompt tokens plus the most the answer may use
     * @param costNanos the cost of {@code tokens} at the model's prices
     * @param leaseMillis how long a concurrency slot lives if its holder never releases it
     */
    public static List<Check> checks(TenantPolicy policy, String keyId, String product, long tokens, long costNanos,
            long leaseMillis, ZonedDateTime now) {
        List<Check> checks = new ArrayList<>();
        String tag = "{" + policy.tenantId() + "}";
        add(checks, "rl:" + tag + ":t", policy.tenant(), tokens, costNanos, leaseMillis, now, true);
        add(checks, "rl:" + tag + ":k:" + keyId, policy.forKey(keyId), tokens, costNanos, leaseMillis, now, false);
        if (product != null) {
            add(checks, "rl:" + tag + ":p:" + product, policy.forProduct(product), tokens, costNanos, leaseMillis, now, false);
        }
        return checks;
    }

    private static void add(List<Check> checks, String prefix, Limits limits, long tokens, long cost, long leaseMillis,
            ZonedDateTime now, boolean headers) {
        ZonedDateTime utc = now.withZoneSameInstant(ZoneOffset.UTC);
        if (limits.rpm() != null) {
            checks.add(new Check(Check.REQ, prefix + ":rpm", limits.rpm(), MINUTE, 1, headers ? "requests" : null));
        }
        if (limits.tpm() != null) {
            checks.add(new Check(Check.TOK, prefix + ":tpm", limits.tpm(), MINUTE, tokens, headers ? "tokens" : null));
        }
        if (limits.concurrency() != null) {
            checks.add(new Check(Check.LEASE, prefix + ":conc", limits.concurrency(), leaseMillis, 1, null));
        }
        long dayLeft = Duration.between(utc, utc.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC)).toMillis();
        long monthLeft = Duration.between(utc, utc.toLocalDate().withDayOfMonth(1).plusMonths(1)
                .atStartOfDay(ZoneOffset.UTC)).toMillis();
        // Keys outlive their window by a day so a late settlement still finds them.
        if (limits.dailyTokens() != null) {
            checks.add(new Check(Check.BUDGET, prefix + ":dtok:" + DAY.format(utc), limits.dailyTokens(),
                    dayLeft + 86_400_000L, tokens, null));
        }
        if (limits.monthlyTokens() != null) {
            checks.add(new Check(Check.BUDGET, prefix + ":mtok:" + MONTH.format(utc), limits.monthlyTokens(),
                    monthLeft + 86_400_000L, tokens, null));
        }
        if (limits.dailyCostNanos() != null) {
            checks.add(new Check(Check.BUDGET, prefix + ":dcost:" + DAY.format(utc), limits.dailyCostNanos(),
                    dayLeft + 86_400_000L, cost, null));
        }
        if (limits.monthlyCostNanos() != null) {
            checks.add(new Check(Check.BUDGET, prefix + ":mcost:" + MONTH.format(utc), limits.monthlyCostNanos(),
                    monthLeft + 86_400_000L, cost, null));
        }
    }
}
