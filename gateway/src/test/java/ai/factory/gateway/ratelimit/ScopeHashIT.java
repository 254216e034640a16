package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.policy.LedgerSeed;
import ai.factory.gateway.policy.Limits;
import ai.factory.gateway.policy.TenantPolicy;
import ai.factory.gateway.redis.LettuceStore;
import ai.factory.gateway.redis.RedisConfig;
import ai.factory.gateway.redis.RedisStore;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One Redis hash per limit scope: the real scripts on a real Redis keep a scope's token buckets
 * and budget counters as fields of one hash (its lease stays a sorted set), do not let old
 * periods' fields pile up, and never shorten the hash's life below what its longest bucket needs.
 */
class ScopeHashIT {

    private static RedisClient client;
    private static RedisStore store;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void open() {
        // Its own database: the test lists the keys a tenant has.
        client = RedisClient.create(TestServers.redisUri() + "/56");
        store = new LettuceStore(client, null, new RedisConfig(16));
        redis = client.connect().sync();
    }

    @AfterAll
    static void close() {
        client.shutdown();
    }

    private static Set<String> keysOf(String tenant) {
        return new TreeSet<>(redis.scan(ScanArgs.Builder.matches("*" + tenant + "*").limit(1000)).getKeys());
    }

    @Test
    void a_scopes_buckets_are_fields_of_one_hash_and_its_lease_is_one_sorted_set() throws Exception {
        String tenant = "scope-" + UUID.randomUUID();
        TenantPolicy policy = new TenantPolicy(tenant, "t", new Limits(100L, 10_000L, 5L, 50_000L, 900_000L, 9_000_000L,
                90_000_000L), Map.of(), Map.of(), LedgerSeed.NONE, Map.of());
        ZonedDateTime now = ZonedDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZoneOffset.UTC);
        List<Bucket> buckets = BucketPlan.buckets(store.keys(), policy, "key-1", null, 300, 1_000, 60_000, now);
        LimiterScripts scripts = new LimiterScripts(store);

        List<Object> reply = scripts.admit(tenant, buckets, "m-1", null, 60_000).get();

        assertEquals(1L, reply.get(0), reply.toString());
        String scope = store.keys().limiter(tenant) + ":t";
        assertEquals(new TreeSet<>(List.of(scope, scope + ":conc", store.keys().reservation(tenant, "m-1"))), keysOf(tenant),
                "one hash for the scope, one set for its leases, the member's record");
        Map<String, String> fields = redis.hgetall(scope);
        assertEquals(Set.of("rpm", "rpm:t", "tpm", "tpm:t", "dtok:20261129", "mtok:202611", "dcost:20261129",
                "mcost:202611"), fields.keySet());
        assertEquals(99.0, Double.parseDouble(fields.get("rpm")), 0.01);
        assertEquals("300", fields.get("dtok:20261129"));
        assertEquals("1000", fields.get("mcost:202611"));
        assertTrue(redis.pttl(scope) > 86_400_000L, "the hash lives as long as its monthly budget needs: " + redis.pttl(scope));

        scripts.settle(tenant, buckets, SettleDeltas.of(buckets, false, 120, 400), "m-1", null, null, 0,
                Map.of("request_id", "m-1"), 60_000).get();

        fields = redis.hgetall(scope);
        assertEquals("120", fields.get("dtok:20261129"), "the budget holds what was used");
        assertEquals("400", fields.get("dcost:20261129"));
        assertEquals(10_000 - 120, Double.parseDouble(fields.get("tpm")), 50.0, "the unused tokens were given back");
        assertEquals(0L, redis.zcard(scope + ":conc"), "lease released");
    }

    @Test
    void writing_a_new_days_budget_drops_the_older_days_but_keeps_yesterdays() throws Exception {
        String tenant = "days-" + UUID.randomUUID();
        String prefix = store.keys().limiter(tenant) + ":t:";
        LimiterScripts scripts = new LimiterScripts(store);
        for (String day : List.of("20261126", "20261127", "20261128")) {
            admitted(scripts, tenant, List.of(new Bucket(BucketKind.DAILY_TOKENS, prefix + "dtok:" + day, 1000, 172_800_000, 10, null),
                    new Bucket(BucketKind.MONTHLY_TOKENS, prefix + "mtok:202611", 100_000, 172_800_000, 10, null)));
        }
        String scope = store.keys().limiter(tenant) + ":t";
        assertEquals(Set.of("dtok:20261127", "dtok:20261128", "mtok:202611"), redis.hgetall(scope).keySet(),
                "on the 28th: the 27th stays for late settlements, the 26th is gone");

        // A settlement of the previous day still finds its counter.
        Bucket yesterday = new Bucket(BucketKind.DAILY_TOKENS, prefix + "dtok:20261127", 1000, 172_800_000, 10, null);
        scripts.settle(tenant, List.of(yesterday), new long[] {5}, "late-1", null, null, 0, null, 60_000).get();
        assertEquals("15", redis.hget(scope, "dtok:20261127"));

        admitted(scripts, tenant, List.of(new Bucket(BucketKind.DAILY_TOKENS, prefix + "dtok:20261129", 1000, 172_800_000, 10, null)));
        assertEquals(Set.of("dtok:20261128", "dtok:20261129", "mtok:202611"), redis.hgetall(scope).keySet());
        assertEquals("30", redis.hget(scope, "mtok:202611"), "another budget's field is left alone");
    }

    @Test
    void a_settlement_touching_only_the_token_bucket_keeps_the_hash_alive_for_its_budget() throws Exception {
        String tenant = "ttl-" + UUID.randomUUID();
        String prefix = store.keys().limiter(tenant) + ":t:";
        List<Bucket> buckets = List.of(new Bucket(BucketKind.TOKENS, prefix + "tpm", 1000, 60_000, 300, "tokens"),
                new Bucket(BucketKind.DAILY_TOKENS, prefix + "dtok:20261129", 10_000, 172_800_000, 300, null));
        LimiterScripts scripts = new LimiterScripts(store);
        admitted(scripts, tenant, buckets);
        String scope = store.keys().limiter(tenant) + ":t";
        // A cache hit settles nothing but the token bucket's refund (here: given back by hand).
        scripts.settle(tenant, buckets, new long[] {300, 0}, "m-0", null, null, 0, null, 60_000).get();
        assertTrue(redis.pttl(scope) > 86_400_000L, "PTTL " + redis.pttl(scope));
        assertEquals("300", redis.hget(scope, "dtok:20261129"));
    }

    @Test
    void a_budget_counter_lost_from_the_hash_is_seeded_from_the_ledger() throws Exception {
        String tenant = "seed-" + UUID.randomUUID();
        String prefix = store.keys().limiter(tenant) + ":t:";
        LimiterScripts scripts = new LimiterScripts(store);
        Bucket budget = new Bucket(BucketKind.DAILY_TOKENS, prefix + "dtok:20261129", 1000, 172_800_000, 10, null, 995);
        List<Object> refused = scripts.admit(tenant, List.of(budget), "m-1", null, 60_000).get();
        assertEquals(0L, refused.get(0), "995 + 10 > 1000 is refused: " + refused);
        assertNull(redis.hget(store.keys().limiter(tenant) + ":t", "dtok:20261129"), "a refusal writes nothing");

        Bucket fits = new Bucket(BucketKind.DAILY_TOKENS, prefix + "dtok:20261129", 1000, 172_800_000, 10, null, 900);
        admitted(scripts, tenant, List.of(fits));
        assertEquals("910", redis.hget(store.keys().limiter(tenant) + ":t", "dtok:20261129"));
        Bucket stale = new Bucket(BucketKind.DAILY_TOKENS, prefix + "dtok:20261129", 1000, 172_800_000, 10, null, 0);
        admitted(scripts, tenant, List.of(stale));
        assertEquals("920", redis.hget(store.keys().limiter(tenant) + ":t", "dtok:20261129"), "the seed only fills a gap");
    }

    private static void admitted(LimiterScripts scripts, String tenant, List<Bucket> buckets) throws Exception {
        List<Object> reply = scripts.admit(tenant, buckets, "m-" + UUID.randomUUID(), null, 60_000).get();
        assertEquals(1L, reply.get(0), reply.toString());
    }
}
