package ai.factory.gateway.ratelimit.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.factory.gateway.accounting.PriceList;
import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.ratelimit.RateLimiter;
import ai.factory.gateway.ratelimit.Reservation;
import ai.factory.gateway.ratelimit.ScriptReplies;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.redis.RedisStore;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reservations outlive neither their request nor their instance: a live one is renewed past the
 * lease ttl (its concurrency slot stays counted), and one whose instance stopped renewing is
 * settled by a reaper as an estimated usage event, exactly once, with its buckets refunded.
 */
class ReservationExpiryIT {

    private static final int DB = 10;
    private static final long PROMPT = 100;
    private static final long MAX_OUTPUT = 500;

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(DB)
            .properties(UsageFixtures.quickFlush())
            .property("gateway.ratelimit.lease-ttl", "3s")
            .tenant("died").tenant("longrun")
            .build();

    private static GatewayApp app;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void start() {
        app = gw.app();
        client = RedisClient.create(gw.redisUri());
        connection = client.connect();
    }

    @AfterAll
    static void stop() {
        connection.close();
        client.shutdown();
    }

    private static RedisCommands<String, String> redis() {
        return connection.sync();
    }

    private static RedisKeys keys() {
        return app.context().getBean(RateLimiter.class).keys();
    }

    private static String dailyCounter(String tenant) {
        // The daily token budget: a field of the tenant scope's hash.
        return "dtok:" + DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
    }

    private record Admitted(Reservation reservation, ReservationEstimate estimate) {
    }

    private static Admitted admit(String tenant, String member) throws Exception {
        PriceList.Rate rate = app.context().getBean(PriceList.class).rate("chat-default");
        ReservationEstimate estimate = ReservationEstimate.of(member, System.currentTimeMillis(), tenant, "key-1", null, "chat",
                "chat-default", PROMPT, rate);
        Reservation reservation = app.context().getBean(RateLimiter.class).reserve(new Caller(tenant, "key-1", Set.of(), null), null,
                PROMPT + MAX_OUTPUT, rate.cost(PROMPT, MAX_OUTPUT, 0), null, member, estimate).get(5, TimeUnit.SECONDS);
        return new Admitted(reservation, estimate);
    }

    private static long[] ledgerRow(String requestId) {
        String url = gw.jdbcUrl();
        long rows = UsageFixtures.count(url, "select count(*) from usage_events where request_id = ?", requestId);
        if (rows == 0) {
            return null;
        }
        return new long[] {rows,
                UsageFixtures.count(url, "select input_tokens from usage_events where request_id = ?", requestId),
                UsageFixtures.count(url, "select output_tokens from usage_events where request_id = ?", requestId),
                UsageFixtures.count(url, "select count(*) from usage_events where request_id = ? and estimated", requestId)};
    }

    @Test
    void a_reservation_whose_instance_died_is_settled_once_as_estimated_and_its_buckets_refunded() throws Exception {
        String tenant = "died";
        Admin.policy(app, tenant, "{\"concurrency\":4,\"daily_tokens\":1000000}");
        Admitted admitted = admit(tenant, "req-died-1");
        assertEquals(String.valueOf(PROMPT + MAX_OUTPUT), redis().hget(keys().limiter(tenant) + ":t", dailyCounter(tenant)), "reserved at admission");
        // The instance dies: nothing renews or settles this request any more.
        LiveReservations live = app.context().getBean(LiveReservations.class);
        assertNotNull(live.end("req-died-1"));

        Await.until(Duration.ofSeconds(20), () -> ledgerRow("req-died-1") != null, "the reaped usage event in the ledger");
        long[] row = ledgerRow("req-died-1");
        assertEquals(1, row[0]);
        assertEquals(PROMPT, row[1], "the prompt as counted at admission");
        assertEquals(0, row[2], "no output was counted before it died");
        assertEquals(1, row[3], "marked estimated");
        assertEquals(String.valueOf(PROMPT), redis().hget(keys().limiter(tenant) + ":t", dailyCounter(tenant)), "the unused estimate given back once");
        assertNull(redis().zscore(keys().limiter(tenant) + ":t:conc", "req-died-1"), "its concurrency lease released");
        assertEquals(0, redis().exists(keys().reservation(tenant, "req-died-1")), "its record removed");

        // Its owner was only stalled and settles late: the reaper's settlement stands, nothing applied twice.
        live.started("req-died-1", tenant, admitted.reservation().buckets(), admitted.estimate());
        UsageEvent late = new UsageEvent("req-died-1", System.currentTimeMillis(), tenant, "key-1", null, "chat",
                "chat-default", "m", "p", "e", PROMPT, 300, 0, 1, UsageEvent.OK, false, 0, 10, 5, false, 200);
        app.context().getBean(RateLimiter.class).settle(admitted.reservation(), PROMPT + 300, 1, null, null, 0, late)
                .get(5, TimeUnit.SECONDS);
        assertEquals(String.valueOf(PROMPT), redis().hget(keys().limiter(tenant) + ":t", dailyCounter(tenant)), "the late settle changed nothing");
        Await.quiet(Duration.ofMillis(1500)); // a flusher pass: a second event would land now
        assertEquals(1, ledgerRow("req-died-1")[3], "still the one estimated row");
    }

    @Test
    void a_live_request_longer_than_the_lease_ttl_keeps_its_concurrency_slot_until_it_settles() throws Exception {
        String tenant = "longrun";
        Admin.policy(app, tenant, "{\"concurrency\":1}");
        Admitted first = admit(tenant, "req-long-1");
        app.context().getBean(LiveReservations.class).meter("req-long-1", () -> 42);

        Await.quiet(Duration.ofSeconds(3 * 3)); // three lease ttls: without renewal the lease and the record would be gone
        assertNotNull(redis().zscore(keys().limiter(tenant) + ":t:conc", "req-long-1"), "its lease is still held");
        ExecutionException refused = assertThrows(ExecutionException.class, () -> admit(tenant, "req-long-2"));
        assertEquals(429, assertInstanceOf(GatewayError.class, refused.getCause()).status(),
                "the one concurrency slot is still taken");
        assertEquals(String.valueOf(PROMPT + 42), redis().hget(keys().reservation(tenant, "req-long-1"), "used_tokens"),
                "the record carries the tokens counted so far");
        assertNull(ledgerRow("req-long-1"), "a live request is not reaped");
        // A sweeper that found it expired a moment before its renewal must leave it alone.
        ScriptReplies.Reaped outcome = app.context().getBean(RateLimiter.class).settleExpired("req-long-1", first.reservation().buckets(),
                PROMPT, 1, first.estimate().estimate()).get(5, TimeUnit.SECONDS);
        assertEquals(ScriptReplies.Reaped.LIVE, outcome);
        assertNotNull(redis().zscore(keys().limiter(tenant) + ":t:conc", "req-long-1"), "the live lease untouched");

        UsageEvent done = new UsageEvent("req-long-1", System.currentTimeMillis(), tenant, "key-1", null, "chat",
                "chat-default", "m", "p", "e", PROMPT, 50, 0, 1, UsageEvent.OK, false, 0, 10, 5, false, 200);
        app.context().getBean(RateLimiter.class).settle(first.reservation(), PROMPT + 50, 1, null, null, 0, done)
                .get(5, TimeUnit.SECONDS);
        assertNull(redis().zscore(keys().limiter(tenant) + ":t:conc", "req-long-1"), "released when it ended");
        Await.until(Duration.ofSeconds(20), () -> ledgerRow("req-long-1") != null, "its usage event in the ledger");
        assertEquals(0, ledgerRow("req-long-1")[3], "billed from its own numbers, not estimated");
    }

    @Test
    void an_expired_record_is_claimed_by_one_sweeper_only_and_strays_are_dropped_or_kept_for_an_operator()
            throws Exception {
        String index = keys().reservationIndex("sweep");
        String ghost = keys().reservation("sweep", "req-ghost");
        String broken = keys().reservation("sweep", "req-broken");
        ExpiryScripts scripts = new ExpiryScripts(app.context().getBean(RedisStore.class));
        String quiet = "test:claims:reservations"; // an index the app's own reaper does not sweep
        redis().zadd(quiet, 0, ghost);
        assertEquals(List.of(ghost), scripts.claim(quiet, 100, 60_000).get(5, TimeUnit.SECONDS), "the first sweeper gets it");
        assertEquals(List.of(), scripts.claim(quiet, 100, 60_000).get(5, TimeUnit.SECONDS),
                "the second does not, while the claim lasts");
        redis().del(quiet);

        // Listed but gone (settled meanwhile, or past its day of grace): dropped from the index.
        redis().zadd(index, 0, ghost);
        redis().hset(broken, Map.of("expires", "0", "checks", "not\ta\tcheck"));
        redis().zadd(index, 0, broken);
        app.context().getBean(ReservationReaper.class).sweep().get(5, TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(10), () -> redis().zscore(index, ghost) == null, "the stray dropped");
        // Unreadable: kept, so an operator can see it; nothing billed from it.
        assertEquals(1, redis().exists(broken));
        assertNull(ledgerRow("req-broken"));
        redis().del(broken);
        redis().zrem(index, broken);
    }
}
