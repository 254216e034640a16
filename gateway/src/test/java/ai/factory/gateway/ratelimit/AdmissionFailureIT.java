package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.redis.RedisStore;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis answering with an error is not an outage: the request fails closed. Redis answering too
 * late is one, and the reservation its script still makes is given back.
 */
class AdmissionFailureIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = Bodies.chat("chat-default").maxTokens(4).user("are you there?").json();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .property("gateway.ratelimit.redis-failure", "fail-open")
            .property("gateway.ratelimit.redis-timeout", "300ms")
            .tenant("corrupt").tenant("slow")
            .build();

    private static GatewayApp app;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() {
        app = gw.app();
        client = RedisClient.create(gw.redisUri());
        redis = client.connect();
    }

    @AfterAll
    static void stop() {
        redis.close();
        client.shutdown();
    }

    private static String prefix(String tenant) {
        return app.context().getBean(RedisStore.class).keys().limiter(tenant);
    }

    private static double count(String kind) {
        var counter = app.context().getBean(MeterRegistry.class).find(RateLimiter.FAILURES)
                .tag("call", "admit").tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void a_script_error_fails_closed_with_a_500_and_is_counted(@Key("corrupt") String key) throws Exception {
        Admin.policy(app, "corrupt", "{\"rpm\":100,\"tpm\":100000}");
        assertEquals(200, app.post("/v1/chat/completions", key, CHAT).statusCode());
        // Corrupt data: the tenant scope's hash is a string, so the script's HMGET fails (WRONGTYPE).
        redis.sync().set(prefix("corrupt") + ":t", "not a hash");
        double before = count("error");

        HttpResponse<String> refused = app.post("/v1/chat/completions", key, CHAT);

        assertEquals(500, refused.statusCode(), refused.body());
        var error = JSON.readTree(refused.body()).path("error");
        assertEquals("rate_limiter_error", error.path("code").asText());
        assertEquals("server_error", error.path("type").asText());
        assertEquals(before + 1, count("error"));
        assertEquals(false, app.context().getBean(RateLimiter.class).degraded(), "not mistaken for an outage");
    }

    @Test
    void a_settle_script_error_is_counted_and_its_usage_event_goes_to_the_spool() throws Exception {
        String prefix = prefix("corrupt-settle");
        // Corrupt data: a string where the scope's hash belongs, so the settle script fails (WRONGTYPE).
        redis.sync().set(prefix + ":t", "x");
        Bucket budget = new Bucket(BucketKind.DAILY_TOKENS, prefix + ":t:dtok:20260101", 1000, 86_400_000, 10, null);
        Reservation reservation = new Reservation("settle-error-1", List.of(budget), RateHeaders.NONE, null, false, 1);
        var counter = app.context().getBean(MeterRegistry.class).find(RateLimiter.FAILURES)
                .tag("call", "settle").tag("kind", "error").counter();
        double before = counter == null ? 0 : counter.count();

        app.context().getBean(RateLimiter.class).settle(reservation, 5, 0, null, null, 0,
                UsageFixtures.event("settle-error-1", "corrupt-settle", "k", "chat-default", Instant.now(), 3, 2, 0)).get();

        assertEquals(before + 1, app.context().getBean(MeterRegistry.class).find(RateLimiter.FAILURES)
                .tag("call", "settle").tag("kind", "error").counter().count());
        Path spool = Path.of(app.context().getRequiredProperty("gateway.usage.spool-dir", String.class));
        try (var files = Files.walk(spool)) {
            assertTrue(files.filter(Files::isRegularFile).anyMatch(f -> contains(f, "settle-error-1")),
                    "the usage event was spooled, not lost");
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void an_admission_that_times_out_after_redis_ran_it_leaks_neither_its_lease_nor_its_budget(@Key("slow") String key)
            throws Exception {
        Admin.policy(app, "slow", "{\"concurrency\":1,\"daily_tokens\":1000000}");
        assertEquals(200, app.post("/v1/chat/completions", key, CHAT).statusCode());
        // Settled once its lease is gone (one script does both): the settlement follows the answer.
        Await.until(Duration.ofSeconds(5), () -> redis.sync().zcard(prefix("slow") + ":t:conc") == 0, "the settlement");
        String day = DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
        String budget = "dtok:" + day;
        long spentBefore = Long.parseLong(redis.sync().hget(prefix("slow") + ":t", budget));
        double timeoutsBefore = count("timeout");

        // Redis stops answering for 2 s; the admission (300 ms timeout) gives up and the request is
        // served on the local limiter; Redis then runs the queued admission, then the release.
        CompletableFuture<String> sleeping = redis.async().dispatch(CommandType.DEBUG,
                new StatusOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).add("SLEEP").add(2))
                .toCompletableFuture();
        Thread.sleep(100);
        HttpResponse<String> served = app.post("/v1/chat/completions", key, CHAT);
        sleeping.get();
        assertEquals(200, served.statusCode(), served.body());
        assertEquals(timeoutsBefore + 1, count("timeout"), "counted as a timeout, not as an error");

        Await.holds(Duration.ofSeconds(5), () -> redis.sync().zcard(prefix("slow") + ":t:conc") == 0);
        assertEquals(0L, redis.sync().zcard(prefix("slow") + ":t:conc"), "the late admission's lease was released");
        assertEquals(spentBefore, Long.parseLong(redis.sync().hget(prefix("slow") + ":t", budget)), "its budget reservation was given back");
        assertEquals(200, app.post("/v1/chat/completions", key, CHAT).statusCode(), "the tenant is not locked out");
    }

    @Test
    void a_release_for_an_admission_that_never_ran_changes_nothing_and_stops_it_from_reserving_later() throws Exception {
        RedisStore store = app.context().getBean(RedisStore.class);
        LimiterScripts scripts = new LimiterScripts(store);
        String prefix = store.keys().limiter("never-ran");
        List<Bucket> buckets = List.of(new Bucket(BucketKind.TOKENS, prefix + ":t:tpm", 1000, 60_000, 300, "tokens"),
                new Bucket(BucketKind.DAILY_TOKENS, prefix + ":t:dtok:20260101", 5000, 86_400_000, 300, null),
                new Bucket(BucketKind.CONCURRENCY, prefix + ":t:conc", 1, 60_000, 1, null));

        scripts.release("never-ran", buckets, "lost-1", 60_000).get();
        scripts.release("never-ran", buckets, "lost-1", 60_000).get();
        assertNull(redis.sync().hget(prefix + ":t", "dtok:20260101"), "no refund of what was never reserved");
        assertNull(redis.sync().hget(prefix + ":t", "tpm"));

        List<Object> late = scripts.admit("never-ran", buckets, "lost-1", null, 60_000).get();
        assertEquals(-2L, late.get(2), "the late admission found the tombstone and reserved nothing");
        assertNull(redis.sync().hget(prefix + ":t", "dtok:20260101"));
        assertEquals(0L, redis.sync().zcard(prefix + ":t:conc"));

        // A release after an admission that did run gives back exactly once, however often it is sent.
        assertEquals(1L, scripts.admit("never-ran", buckets, "ran-1", null, 60_000).get().get(0));
        assertEquals("300", redis.sync().hget(prefix + ":t", "dtok:20260101"));
        scripts.release("never-ran", buckets, "ran-1", 60_000).get();
        scripts.release("never-ran", buckets, "ran-1", 60_000).get();
        assertEquals("0", redis.sync().hget(prefix + ":t", "dtok:20260101"));
        assertEquals(0L, redis.sync().zcard(prefix + ":t:conc"));
        assertEquals(1000.0, Double.parseDouble(redis.sync().hget(prefix + ":t", "tpm")), 1.0);

        // A reservation tracked for a reaper is the same record: the release takes it off the
        // shard's expiry index, so no reaper bills a request the release already returned.
        String record = store.keys().reservation("never-ran", "ran-2");
        String index = store.keys().reservationIndex("never-ran");
        assertEquals(1L, scripts.admit("never-ran", buckets, "ran-2", null, 60_000, List.of("member", "ran-2")).get().get(0));
        assertEquals("r", redis.sync().hget(record, "state"));
        assertEquals("ran-2", redis.sync().hget(record, "member"), "the reaper's fields in the same record");
        assertNotNull(redis.sync().zscore(index, record), "listed for a reaper");
        scripts.release("never-ran", buckets, "ran-2", 60_000).get();
        assertNull(redis.sync().zscore(index, record), "unlisted by the release");
        assertEquals("released", redis.sync().hget(record, "state"));
        assertNull(redis.sync().hget(record, "member"), "only the tombstone is left");
        assertEquals("0", redis.sync().hget(prefix + ":t", "dtok:20260101"), "refunded once");
    }
}
