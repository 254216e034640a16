package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.policy.LedgerSeed;
import ai.factory.gateway.policy.Limits;
import ai.factory.gateway.policy.TenantPolicy;
import ai.factory.gateway.redis.RedisKeys;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketPlanTest {

    private static final RedisKeys KEYS = new RedisKeys(16);
    private static final Limits ALL = new Limits(60L, 1000L, 2L, 5000L, 90000L, 7L, 70L);

    private static TenantPolicy policy(Limits tenant, Map<String, Limits> keys, LedgerSeed seed) {
        return new TenantPolicy("acme", "standard", tenant, keys, Map.of("summarize", new Limits(5L, null, null, null, null, null, null)), seed,
                Map.of());
    }

    @Test
    void every_limit_becomes_one_bucket_in_the_tenants_hash_slot() {
        List<Bucket> buckets = BucketPlan.buckets(KEYS, policy(ALL, Map.of(), LedgerSeed.NONE), "key_1", null, 120, 999, 600_000,
                ZonedDateTime.parse("2026-11-26T10:00:00Z"));
        assertEquals(7, buckets.size());
        assertTrue(buckets.stream().allMatch(c -> c.key().startsWith(KEYS.limiter("acme") + ":t:")));
        assertEquals(List.of(BucketKind.REQUESTS, BucketKind.TOKENS, BucketKind.CONCURRENCY, BucketKind.DAILY_TOKENS,
                BucketKind.MONTHLY_TOKENS, BucketKind.DAILY_COST, BucketKind.MONTHLY_COST),
                buckets.stream().map(Bucket::kind).toList());
        assertEquals(List.of("req", "tok", "lease", "budget", "budget", "budget", "budget"),
                buckets.stream().map(b -> b.kind().script()).toList());
        String t = KEYS.limiter("acme") + ":t:";
        assertEquals(List.of(t + "rpm", t + "tpm", t + "conc", t + "dtok:20261126", t + "mtok:202611", t + "dcost:20261126",
                t + "mcost:202611"), buckets.stream().map(Bucket::key).toList(), "the keys Redis already holds, unchanged");
        assertEquals(120, buckets.get(1).cost());
        assertEquals(999, buckets.get(5).cost(), "cost budgets are charged the cost estimate");
        assertTrue(buckets.get(5).kind().cost() && !buckets.get(3).kind().cost());
        assertEquals(Period.MONTH, buckets.get(6).kind().period());
        assertEquals("requests", buckets.get(0).header());
        assertEquals("tokens", buckets.get(1).header());
    }

    @Test
    void key_and_product_scopes_add_their_own_buckets_without_headers() {
        Map<String, Limits> keys = Map.of("key_1", new Limits(10L, null, null, null, null, null, null));
        List<Bucket> buckets = BucketPlan.buckets(KEYS, policy(Limits.NONE, keys, LedgerSeed.NONE), "key_1", "summarize", 1, 0,
                600_000, ZonedDateTime.parse("2026-11-26T10:00:00Z"));
        assertEquals(List.of(KEYS.limiter("acme") + ":k:key_1:rpm", KEYS.limiter("acme") + ":p:summarize:rpm"), buckets.stream().map(Bucket::key).toList());
        assertTrue(buckets.stream().allMatch(c -> c.header() == null));
    }

    @Test
    void budgets_turn_over_at_utc_midnight_and_month_start() {
        TenantPolicy p = policy(ALL, Map.of(), LedgerSeed.NONE);
        List<Bucket> before = BucketPlan.buckets(KEYS, p, "k", null, 1, 1, 1, ZonedDateTime.parse("2026-11-30T23:59:59Z"));
        List<Bucket> after = BucketPlan.buckets(KEYS, p, "k", null, 1, 1, 1, ZonedDateTime.parse("2026-12-01T00:00:00Z"));
        assertEquals(KEYS.limiter("acme") + ":t:dtok:20261130", before.get(3).key());
        assertEquals(KEYS.limiter("acme") + ":t:dtok:20261201", after.get(3).key());
        assertEquals(KEYS.limiter("acme") + ":t:mtok:202611", before.get(4).key());
        assertEquals(KEYS.limiter("acme") + ":t:mtok:202612", after.get(4).key());
        // The day key lives one second plus a day of grace, so a late settlement still finds it.
        assertEquals(1000 + 86_400_000L, before.get(3).window());
        // A local time just after midnight UTC+2 is still the previous UTC day.
        List<Bucket> local = BucketPlan.buckets(KEYS, p, "k", null, 1, 1, 1, ZonedDateTime.parse("2026-12-01T01:30:00+02:00"));
        assertEquals(KEYS.limiter("acme") + ":t:dtok:20261130", local.get(3).key());
    }

    @Test
    void ledger_seeds_apply_only_to_their_own_period() {
        LedgerSeed seed = new LedgerSeed("20261126", "202611", 400, 8000, 3, 30);
        List<Bucket> today = BucketPlan.buckets(KEYS, policy(ALL, Map.of(), seed), "k", null, 1, 1, 1,
                ZonedDateTime.parse("2026-11-26T12:00:00Z"));
        assertEquals(List.of(400L, 8000L, 3L, 30L), today.subList(3, 7).stream().map(Bucket::seed).toList());
        List<Bucket> tomorrow = BucketPlan.buckets(KEYS, policy(ALL, Map.of(), seed), "k", null, 1, 1, 1,
                ZonedDateTime.parse("2026-11-27T00:00:01Z"));
        assertEquals(List.of(0L, 8000L, 0L, 30L), tomorrow.subList(3, 7).stream().map(Bucket::seed).toList());
    }

    @Test
    void reset_durations_read_like_openais() {
        assertEquals("0s", RateHeaders.duration(0));
        assertEquals("250ms", RateHeaders.duration(250));
        assertEquals("12s", RateHeaders.duration(11_001));
        assertEquals("6m0s", RateHeaders.duration(360_000));
    }
}
