package ai.factory.gateway.portal;

import ai.factory.gateway.accounting.Usd;
import ai.factory.gateway.policy.TenantPolicy;
import ai.factory.gateway.ratelimit.Bucket;
import ai.factory.gateway.ratelimit.BucketPlan;
import ai.factory.gateway.ratelimit.ScriptReplies;
import ai.factory.gateway.redis.RedisKeys;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A tenant's buckets as a developer reads them: which limit, of which scope, how much is used and
 * what remains. The buckets come from {@link BucketPlan}, the same plan admission uses, so the
 * page shows exactly the counters requests are admitted against. Plain Java.
 */
public final class TenantLimits {

    private TenantLimits() {
    }

    /** The buckets of the tenant, of the caller's key, and of every product with its own limits. */
    public static List<Bucket> buckets(RedisKeys keys, TenantPolicy policy, String keyId, long leaseMillis, ZonedDateTime now) {
        Set<String> seen = new LinkedHashSet<>();
        List<Bucket> buckets = new ArrayList<>();
        for (Bucket c : BucketPlan.buckets(keys, policy, keyId, null, 0, 0, leaseMillis, now)) {
            if (seen.add(c.key())) {
                buckets.add(c);
            }
        }
        for (String product : policy.perProduct().keySet().stream().sorted().toList()) {
            for (Bucket c : BucketPlan.buckets(keys, policy, keyId, product, 0, 0, leaseMillis, now)) {
                if (seen.add(c.key())) {
                    buckets.add(c);
                }
            }
        }
        return buckets;
    }

    /**
     * One bucket as {@code GET /v1/limits} shows it; {@code used}, {@code remaining} and
     * {@code reset_seconds} null when the counters could not be read. Costs in USD.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Row(String scope, String name, Number limit, @Nullable Number used, @Nullable Number remaining,
                      @Nullable @JsonProperty("reset_seconds") Double resetSeconds) {
    }

    /** One row per bucket; {@code levels} null when the counters could not be read. */
    public static List<Row> rows(RedisKeys keys, String tenantId, String keyId, List<Bucket> buckets,
            List<ScriptReplies.Level> levels, ZonedDateTime now) {
        List<Row> rows = new ArrayList<>();
        String tenantPrefix = keys.limiter(tenantId) + ":";
        for (int i = 0; i < buckets.size(); i++) {
            Bucket c = buckets.get(i);
            String rest = c.key().startsWith(tenantPrefix) ? c.key().substring(tenantPrefix.length()) : c.key();
            String scope = scope(rest, keyId);
            if (levels != null) {
                ScriptReplies.Level level = levels.get(i);
                long used = Math.min(c.limit(), Math.max(0, level.used()));
                long resetMillis = c.kind().budget() ? c.kind().period().millisLeft(now) : Math.max(0, level.resetMillis());
                rows.add(new Row(scope, c.kind().limitName(), amount(c, c.limit()), amount(c, used),
                        amount(c, c.limit() - used), Math.ceil(resetMillis / 100.0) / 10.0));
            } else {
                rows.add(new Row(scope, c.kind().limitName(), amount(c, c.limit()), null, null, null));
            }
        }
        return rows;
    }

    private static String scope(String rest, String keyId) {
        if (rest.startsWith("k:")) {
            return "key:" + keyId;
        }
        if (rest.startsWith("p:")) {
            String product = rest.substring(2);
            int colon = product.indexOf(':');
            return "product:" + (colon < 0 ? product : product.substring(0, colon));
        }
        return "tenant";
    }

    /** Cost budgets count nano-dollars; shown in USD. */
    private static Number amount(Bucket c, long value) {
        return c.kind().cost() ? (Number) Usd.fromNanos(value) : (Number) value;
    }
}
