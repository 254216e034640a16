package ai.factory.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.PriceList;
import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageEventCodec;
import ai.factory.gateway.admin.KeyService;
import ai.factory.gateway.auth.ApiKeyCodec;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.ratelimit.Bucket;
import ai.factory.gateway.ratelimit.BucketKind;
import ai.factory.gateway.ratelimit.LimiterScripts;
import ai.factory.gateway.ratelimit.RateLimiter;
import ai.factory.gateway.ratelimit.Reservation;
import ai.factory.gateway.ratelimit.ReserveBatches;
import ai.factory.gateway.ratelimit.SettleBatches;
import ai.factory.gateway.ratelimit.SettleDeltas;
import ai.factory.gateway.ratelimit.expiry.LeaseRenewer;
import ai.factory.gateway.ratelimit.expiry.LiveReservations;
import ai.factory.gateway.ratelimit.expiry.ReservationEstimate;
import ai.factory.gateway.ratelimit.expiry.ReservationReaper;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import ai.factory.gateway.tenant.ApiKeyRepository;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the gateway needs from Redis, written once and run on every topology it supports (one
 * Redis, a Redis Cluster): shared limits, budgets and leases settled by the same script call that
 * appends the usage event, the response cache, usage events landing in the ledger, and pub/sub
 * (key revocations, policy changes) reaching the other instance. Two gateway instances share the
 * Redis and the database, as a fleet does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RedisTopologyContract {

    private Emulator emulator;
    private GatewayApp first;
    private GatewayApp second;

    /** Points the gateway at this topology: {@code redis.uri} or {@code redis.uris}. */
    protected abstract void useRedis(Map<String, Object> props);

    protected abstract boolean isCluster();

    /** The first of the two instances. */
    protected GatewayApp app() {
        return first;
    }

    @BeforeAll
    void start() {
        emulator = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build());
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        props.remove("redis.uri");
        useRedis(props);
        GatewayApp.pool(props, "gpu", 64, emulator.baseUrl());
        GatewayApp.alias(props, "chat-default", "gpu");
        first = GatewayApp.start(props);
        second = GatewayApp.start(props);
    }

    @AfterAll
    void stop() {
        first.close();
        second.close();
        emulator.close();
    }

    private static String chat(String text, int maxTokens) {
        return Bodies.chat("chat-default").maxTokens(maxTokens).user(text).json();
    }

    @Test
    void the_gateway_talks_to_the_topology_it_was_given() {
        assertEquals(isCluster(), first.context().getBean(RedisStore.class).cluster());
    }

    @Test
    void a_request_limit_set_on_one_instance_is_shared_by_both() {
        String key = first.newKey("shared-rpm", List.of());
        Admin.policy(first, "shared-rpm", "{\"rpm\":3}");
        int admitted = 0;
        for (int i = 0; i < 4; i++) {
            GatewayApp instance = i % 2 == 0 ? second : first;
            HttpResponse<String> r = instance.post("/v1/chat/completions", key, chat("count me", 4));
            if (r.statusCode() == 200) {
                admitted++;
            } else {
                assertEquals(429, r.statusCode(), r.body());
            }
        }
        assertEquals(3, admitted, "the policy change reached the other instance and both count in one bucket");
    }

    @Test
    void settlement_releases_the_lease_and_charges_the_budget_exactly_what_the_ledger_bills() throws Exception {
        String key = first.newKey("settled", List.of());
        Admin.policy(first, "settled", "{\"concurrency\":1,\"daily_tokens\":100000}");
        RedisStore store = first.context().getBean(RedisStore.class);
        String leases = store.keys().limiter("settled") + ":t:conc";
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = (i % 2 == 0 ? first : second).post("/v1/chat/completions", key, chat("settle " + i, 8));
            assertEquals(200, r.statusCode(), "the previous request's lease was released: " + r.body());
            // The settlement leaves as the answer ends; the client can be faster than its round trip.
            Await.until(Duration.ofSeconds(5), () -> store.async().zcard(leases).toCompletableFuture().join() == 0, "request " + i + "'s lease released");
        }
        long billed = ledgerTokens("settled", 4);
        String day = DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
        String counter = store.async().hget(store.keys().limiter("settled") + ":t", "dtok:" + day).get();
        assertEquals(billed, Long.parseLong(counter), "the budget holds exactly what the ledger bills");
        assertEquals(0L, store.async().zcard(leases).get(), "no lease left");
    }

    @Test
    void admissions_of_tenants_of_one_shard_join_one_script_call_each_all_or_nothing_with_its_own_reply()
            throws Exception {
        RedisStore store = first.context().getBean(RedisStore.class);
        RedisKeys keys = store.keys();
        List<String> tenants = sameShard(keys, "admits", 3);
        LimiterScripts scripts = new LimiterScripts(store);
        List<LimiterScripts.ScriptCall> calls = new java.util.ArrayList<>();
        List<Long> limits = List.of(1000L, 100L, 1000L);
        for (int i = 0; i < 3; i++) {
            String tenant = tenants.get(i);
            List<Bucket> buckets = List.of(
                    new Bucket(BucketKind.TOKENS, keys.limiter(tenant) + ":t:tpm", limits.get(i), 86_400_000, 300, "tokens"),
                    new Bucket(BucketKind.CONCURRENCY, keys.limiter(tenant) + ":t:conc", 5, 60_000, 1, null));
            calls.add(scripts.admitCall(tenant, buckets, tenant + "-m", null, 60_000, List.of()));
        }
        // Corrupt data under the third tenant's lease key: its part of the script fails (WRONGTYPE).
        store.async().set(keys.limiter(tenants.get(2)) + ":t:conc", "not a sorted set").get();

        List<Object> reply = new ReserveBatches(store, 64, java.time.Duration.ofSeconds(5)).send(calls)
                .get(10, TimeUnit.SECONDS);

        List<?> admitted = (List<?>) reply.get(0);
        assertEquals(1L, admitted.get(0), "admitted");
        assertEquals(700L, admitted.get(4), "its own remaining tokens: 1000 - 300");
        List<?> refused = (List<?>) reply.get(1);
        assertEquals(0L, refused.get(0), "300 tokens do not fit in 100");
        assertEquals(1L, refused.get(1), "the token bucket refused it");
        assertEquals(0L, store.async().zcard(keys.limiter(tenants.get(1)) + ":t:conc").get(),
                "all or nothing: the refused request holds no lease");
        assertEquals(1L, store.async().zcard(keys.limiter(tenants.get(0)) + ":t:conc").get(), "the admitted one does");
        assertTrue(String.valueOf(reply.get(2)).startsWith("ERR ") && String.valueOf(reply.get(2)).contains("WRONGTYPE"),
                reply.toString());
    }

    /** {@code count} tenant ids whose keys all live in one shard (one slot on a cluster). */
    private static List<String> sameShard(RedisKeys keys, String prefix, int count) {
        List<String> out = new java.util.ArrayList<>(List.of(prefix + "-0"));
        for (int i = 1; out.size() < count; i++) {
            if (keys.shardOf(prefix + "-" + i) == keys.shardOf(out.get(0))) {
                out.add(prefix + "-" + i);
            }
        }
        return out;
    }

    @Test
    void settlements_of_tenants_of_one_shard_join_one_script_call_and_a_failing_one_spoils_no_other() throws Exception {
        RedisStore store = first.context().getBean(RedisStore.class);
        RedisKeys keys = store.keys();
        String a = "joined-a";
        String b = "joined-b";
        for (int i = 0; keys.shardOf(b) != keys.shardOf(a); i++) {
            b = "joined-b" + i;
        }
        String corrupt = "joined-c";
        for (int i = 0; keys.shardOf(corrupt) != keys.shardOf(a); i++) {
            corrupt = "joined-c" + i;
        }
        LimiterScripts scripts = new LimiterScripts(store);
        List<SettleBatches.Item> items = new java.util.ArrayList<>();
        for (String tenant : List.of(a, b, corrupt)) {
            List<Bucket> buckets = List.of(new Bucket(BucketKind.TOKENS, keys.limiter(tenant) + ":t:tpm", 1000, 86_400_000, 300, "tokens"),
                    new Bucket(BucketKind.CONCURRENCY, keys.limiter(tenant) + ":t:conc", 5, 60_000, 1, null));
            assertEquals(1L, scripts.admit(tenant, buckets, tenant + "-m", null, 60_000).get().get(0), tenant + " admitted");
            UsageEvent event = new UsageEvent(tenant + "-m", 1L, tenant, "k", null, "chat", "chat-default", "m", "gpu",
                    "http://gpu", 200, 50, 0, 900, UsageEvent.OK, false, 0, 5, 3, false, 200);
            items.add(new SettleBatches.Item(tenant, buckets, SettleDeltas.of(buckets, false, 250, 0), tenant + "-m", null,
                    null, 0, UsageEventCodec.encode(event), false));
        }
        // Corrupt data under the third tenant's lease key: its part of the script fails (WRONGTYPE).
        store.async().del(keys.limiter(corrupt) + ":t:conc").get();
        store.async().set(keys.limiter(corrupt) + ":t:conc", "not a sorted set").get();

        List<Object> reply = new SettleBatches(store, 64, java.time.Duration.ofSeconds(5)).send(items)
                .get(10, TimeUnit.SECONDS);

        assertTrue(reply.get(2).toString().startsWith("ERR ") && reply.get(2).toString().contains("WRONGTYPE"), reply.toString());
        for (int i = 0; i < 2; i++) {
            String tenant = List.of(a, b).get(i);
            assertEquals("750", store.async().hget(keys.limiter(tenant) + ":t", "tpm").get().split("\\.")[0],
                    tenant + ": 300 reserved, 250 used, 50 given back");
            assertEquals(0L, store.async().zcard(keys.limiter(tenant) + ":t:conc").get(), tenant + "'s lease released");
            var entry = store.async().xrange(keys.usageStream(tenant), io.lettuce.core.Range.create((String) reply.get(i), (String) reply.get(i)))
                    .get().get(0);
            assertEquals(Set.of(UsageEventCodec.FIELD), entry.getBody().keySet(), "one field per event");
            assertEquals(tenant + "-m", UsageEventCodec.fromEntry(entry.getBody()).requestId());
        }
    }

    @Test
    void a_repeated_greedy_request_is_answered_from_the_cache_by_either_instance() {
        String key = first.newKey("cached", List.of());
        Admin.policy(first, "cached", "{\"concurrency\":5}");
        RedisStore store = first.context().getBean(RedisStore.class);
        String leases = store.keys().limiter("cached") + ":t:conc";
        String body = Bodies.chat("chat-default").temperature(0).maxTokens(6).user("cache me").json();
        HttpResponse<String> miss = first.post("/v1/chat/completions", key, body);
        // The answer is stored by the settlement, sent just after the answer is written; its lease
        // goes in the same script call, so a released lease means the answer is in the cache.
        Await.until(Duration.ofSeconds(5), () -> store.async().zcard(leases).toCompletableFuture().join() == 0,
                "the first request settled");
        HttpResponse<String> hit = second.post("/v1/chat/completions", key, body);
        assertEquals("miss", miss.headers().firstValue("x-gateway-cache").orElse("absent"));
        assertEquals("hit", hit.headers().firstValue("x-gateway-cache").orElse("absent"));
        assertEquals(miss.body(), hit.body());
    }

    @Test
    void usage_events_of_tenants_on_every_shard_land_in_the_ledger() throws Exception {
        RedisKeys keys = first.context().getBean(RedisStore.class).keys();
        // Enough tenants that several shards, hence several streams and cluster slots, are used.
        java.util.Set<Integer> shards = new java.util.HashSet<>();
        for (int t = 0; t < 6; t++) {
            String tenant = "ledger-" + t;
            shards.add(keys.shardOf(tenant));
            String key = first.newKey(tenant, List.of());
            HttpResponse<String> r = second.post("/v1/chat/completions", key, chat("bill me", 4));
            assertEquals(200, r.statusCode(), r.body());
        }
        assertTrue(shards.size() > 1, "tenants spread over shards: " + shards);
        for (int t = 0; t < 6; t++) {
            assertTrue(ledgerTokens("ledger-" + t, 1) > 0, "tenant " + t + " billed");
        }
    }

    @Test
    void a_key_revoked_on_one_instance_is_refused_by_the_other_within_a_second() {
        String key = first.newKey("revoked", List.of());
        assertEquals(200, first.post("/v1/chat/completions", key, chat("hi", 4)).statusCode());
        assertEquals(200, second.post("/v1/chat/completions", key, chat("hi", 4)).statusCode());
        String keyId = first.context().getBean(ApiKeyRepository.class).findByKeyHash(ApiKeyCodec.hash(key)).orElseThrow().id();
        first.context().getBean(KeyService.class).revoke("revoked", keyId);
        int[] status = {200};
        Await.holds(Duration.ofSeconds(1),
                () -> (status[0] = second.post("/v1/chat/completions", key, chat("hi", 4)).statusCode()) != 200);
        assertEquals(401, status[0], "the revocation reached the other instance through pub/sub");
    }

    private static final long PROMPT = 100;

    /** Admits one request on {@code instance} with its reservation tracked for a reaper. */
    private static Reservation admitTracked(GatewayApp instance, String tenant, String member) throws Exception {
        PriceList.Rate rate = instance.context().getBean(PriceList.class).rate("chat-default");
        ReservationEstimate estimate = ReservationEstimate.of(member, System.currentTimeMillis(), tenant, "key-1", null, "chat",
                "chat-default", PROMPT, rate);
        return instance.context().getBean(RateLimiter.class).reserve(new Caller(tenant, "key-1", Set.of(), null), null,
                PROMPT + 500, rate.cost(PROMPT, 500, 0), null, member, estimate).get(5, TimeUnit.SECONDS);
    }

    @Test
    void live_reservations_of_tenants_on_several_shards_are_renewed_each_in_its_own_slot() throws Exception {
        RedisStore store = first.context().getBean(RedisStore.class);
        LiveReservations live = first.context().getBean(LiveReservations.class);
        java.util.Set<Integer> shards = new java.util.HashSet<>();
        List<String> tenants = List.of("renew-a", "renew-b", "renew-c", "renew-d");
        String run = Long.toString(System.nanoTime());
        for (String tenant : tenants) {
            shards.add(store.keys().shardOf(tenant));
            first.newKey(tenant, List.of());
            Admin.policy(first, tenant, "{\"concurrency\":4}");
            admitTracked(first, tenant, tenant + "-" + run);
            live.meter(tenant + "-" + run, () -> 42);
        }
        assertTrue(shards.size() > 1, "tenants spread over shards: " + shards);
        long renewed = first.context().getBean(LeaseRenewer.class).renewNow().get(5, TimeUnit.SECONDS);
        assertTrue(renewed >= tenants.size(), "every live reservation renewed (one call per slot): " + renewed);
        for (String tenant : tenants) {
            String record = store.keys().reservation(tenant, tenant + "-" + run);
            assertEquals(String.valueOf(PROMPT + 42), store.async().hget(record, "used_tokens").get(),
                    "the renewal recorded the tokens counted so far: " + tenant);
            assertEquals("r", store.async().hget(record, "state").get(), "one record: the release's state too");
            assertTrue(store.async().zscore(store.keys().reservationIndex(tenant), record).get() != null,
                    "listed in its shard's expiry index");
            live.end(tenant + "-" + run);
            store.async().del(record).get();
            store.async().zrem(store.keys().reservationIndex(tenant), record).get();
            store.async().zrem(store.keys().limiter(tenant) + ":t:conc", tenant + "-" + run).get();
        }
    }

    @Test
    void a_reservation_whose_instance_died_is_reaped_in_its_tenants_slot_once_as_estimated() throws Exception {
        String tenant = "reaped";
        String member = "reap-" + System.nanoTime();
        first.newKey(tenant, List.of());
        Admin.policy(first, tenant, "{\"concurrency\":4,\"daily_tokens\":1000000}");
        RedisStore store = first.context().getBean(RedisStore.class);
        RedisKeys keys = store.keys();
        admitTracked(first, tenant, member);
        String day = DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
        String scope = keys.limiter(tenant) + ":t";
        String counter = "dtok:" + day;
        assertEquals(String.valueOf(PROMPT + 500), store.async().hget(scope, counter).get(), "reserved at admission");
        // The first instance "dies": it forgets the request, and its lease is made to look expired.
        first.context().getBean(LiveReservations.class).end(member);
        String record = keys.reservation(tenant, member);
        store.async().hset(record, "expires", "0").get();
        store.async().zadd(keys.reservationIndex(tenant), 0, record).get();

        second.context().getBean(ReservationReaper.class).sweep().get(10, TimeUnit.SECONDS);
        assertEquals(PROMPT, ledgerTokens(tenant, 1), "billed once, the prompt as counted at admission");
        assertEquals(String.valueOf(PROMPT), store.async().hget(scope, counter).get(), "the unused reservation given back once");
        assertEquals(null, store.async().zscore(keys.limiter(tenant) + ":t:conc", member).get(), "lease released");
        assertEquals(0L, store.async().exists(record).get(), "its record removed");
        assertEquals(null, store.async().zscore(keys.reservationIndex(tenant), record).get(), "unlisted");
        String url = first.context().getRequiredProperty("datasources.default.url", String.class);
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement s = c.prepareStatement("select estimated from usage_events where request_id = ?")) {
            s.setString(1, member);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next() && r.getBoolean(1), "marked estimated");
            }
        }
    }

    /** input + output tokens of the tenant's ledger rows, once a flusher landed all {@code requests} of them. */
    private long ledgerTokens(String tenant, int requests) {
        String url = first.context().getRequiredProperty("datasources.default.url", String.class);
        long[] rows = Await.until(Duration.ofSeconds(20), () -> ledgerRows(url, tenant), r -> r[0] >= requests,
                requests + " requests of " + tenant + " reach the ledger");
        assertEquals(requests, rows[0], "each request billed once");
        return rows[1];
    }

    /** {count, input + output tokens} of the tenant's ledger rows. */
    private static long[] ledgerRows(String url, String tenant) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement s = c.prepareStatement("select count(*), coalesce(sum(input_tokens + output_tokens), 0)"
                     + " from usage_events where tenant_id = ?")) {
            s.setString(1, tenant);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new long[] {r.getLong(1), r.getLong(2)};
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
