package ai.factory.gateway.accounting.flush;

import static ai.factory.gateway.accounting.UsageFixtures.count;
import static ai.factory.gateway.accounting.UsageFixtures.xadd;
import static ai.factory.gateway.support.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.redis.RedisStore;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The flusher's linger against real Redis and PostgreSQL: a trickle of events lands in few
 * batches (counted by {@link FlusherState#batches()}), a full batch is read again at once, and
 * stopping does not wait the linger out.
 */
class UsageFlusherLingerIT {

    private static final int REDIS_DB = 62;
    private static final Instant T0 = Instant.parse("2025-04-01T10:15:30Z");
    private static RedisClient client;
    private static RedisCommands<String, String> redis;
    private final List<UsageFlusher> flushers = new ArrayList<>();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(REDIS_DB)
            .properties(UsageFixtures.quickFlush())
            .property("gateway.usage.flusher.enabled", false)
            .property("gateway.usage.flusher.linger", "75ms")
            .build();

    @BeforeAll
    static void connect() {
        client = RedisClient.create(gw.redisUri());
        redis = client.connect().sync();
    }

    @AfterAll
    static void disconnect() {
        client.shutdown();
    }

    @BeforeEach
    void emptyStream() {
        redis.flushdb();
    }

    @AfterEach
    void stopFlushers() throws InterruptedException {
        for (UsageFlusher f : flushers) {
            f.stop();
        }
    }

    private UsageFlusher flusher(String consumer, int batchSize, Duration linger) {
        FlusherConfig config = new FlusherConfig(true, "flushers", consumer, batchSize, Duration.ofMillis(200),
                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), linger);
        UsageFlusher flusher = new UsageFlusher(gw.app().context().getBean(RedisStore.class),
                gw.app().context().getBean(LedgerWriter.class), config);
        flushers.add(flusher);
        flusher.start();
        return flusher;
    }

    private static UsageEvent event(String tenant, int i) {
        return UsageFixtures.event(tenant + "-req-" + i, tenant, "key-0", "chat-default", T0.plusSeconds(i), 10 + i, 5, 1000);
    }

    private static long rows(String tenant) {
        return count(gw.jdbcUrl(), "select count(*) from usage_events where tenant_id = ?", tenant);
    }

    private static long pending() {
        return redis.xpending(UsageEvent.STREAM, "flushers").getCount();
    }

    private static boolean inGroup(String consumer) {
        return redis.xinfoConsumers(UsageEvent.STREAM, "flushers").stream()
                .anyMatch(info -> String.valueOf(info).contains(consumer));
    }

    @Test
    void the_linger_key_passes_the_start_time_key_check_and_binds() {
        assertEquals(Duration.ofMillis(75), gw.app().context().getBean(FlusherConfig.class).linger());
    }

    /** A gateway of its own with the flusher on (database 63): the linger is bound when the flusher is built, at start. */
    private static GatewayApp startWithLinger(String linger) {
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        props.put("redis.uri", TestServers.redisUri() + "/63");
        props.put("gateway.usage.flusher.linger", linger);
        return GatewayApp.start(props);
    }

    @Test
    void a_linger_of_five_seconds_starts_and_six_stops_the_start_naming_the_key() {
        try (GatewayApp app = startWithLinger("5s")) {
            assertEquals(Duration.ofSeconds(5), app.context().getBean(FlusherConfig.class).linger());
            assertTrue(app.context().getBean(UsageFlusher.class).alive());
        }
        Exception failed = assertThrows(Exception.class, () -> startWithLinger("6s").close());
        StringBuilder why = new StringBuilder();
        for (Throwable t = failed; t != null; t = t.getCause()) {
            why.append(t.getMessage()).append(" | ");
        }
        assertTrue(why.toString().contains("gateway.usage.flusher.linger: 6000 ms is above the allowed range (at most 5s"), why.toString());
    }

    @Test
    void events_sent_one_by_one_within_the_linger_land_in_one_batch_not_one_each() throws InterruptedException {
        UsageFlusher flusher = flusher("linger-trickle", 100, Duration.ofSeconds(5));
        xadd(redis, event("trickle", 0));
        until(Duration.ofSeconds(20), () -> flusher.state().batches() == 1, "the first event's batch");
        for (int i = 1; i <= 4; i++) {
            xadd(redis, event("trickle", i));
            // Longer than the reader's pause on an empty stream: without a linger each is read alone.
            Thread.sleep(300);
        }
        until(Duration.ofSeconds(20), () -> rows("trickle") == 5 && pending() == 0, "all five rows");
        assertEquals(5, flusher.landed());
        assertEquals(2, flusher.state().batches(), "the first event alone, the four sent during the linger together");
    }

    @Test
    void a_full_batch_is_read_again_at_once_and_only_the_short_one_lingers() {
        xadd(redis, event("full", 0), event("full", 1), event("full", 2), event("full", 3), event("full", 4));
        // Lingering after a full batch would hold the rest for the linger (the longest allowed), twice.
        UsageFlusher flusher = flusher("linger-full", 2, FlusherConfig.MAX_LINGER);
        until(FlusherConfig.MAX_LINGER.minusSeconds(1), () -> rows("full") == 5 && pending() == 0, "all five rows, with no linger");
        assertEquals(3, flusher.state().batches(), "2 + 2 + 1");
    }

    @Test
    void stopping_ends_the_linger_and_drains_what_arrived_during_it_exactly_once() throws InterruptedException {
        UsageFlusher flusher = flusher("linger-stop", 100, FlusherConfig.MAX_LINGER);
        xadd(redis, event("stop", 0));
        until(Duration.ofSeconds(20), () -> flusher.state().batches() == 1, "the first event's batch");
        xadd(redis, event("stop", 1), event("stop", 2), event("stop", 3));
        assertEquals(1, rows("stop"), "the rest waits for the linger");

        flushers.remove(flusher);
        long stopping = System.nanoTime();
        flusher.stop();
        // Not a speed check: a stop that waited the linger out would take all of it.
        assertTrue(Duration.ofNanos(System.nanoTime() - stopping).compareTo(FlusherConfig.MAX_LINGER) < 0,
                "stop ended the linger instead of waiting it out");

        // An interrupted linger (the supervisor giving up after its grace) would skip the drain:
        // the three would stay pending and the consumer in the group.
        assertEquals(4, rows("stop"));
        assertEquals(0, pending());
        assertEquals(4, flusher.landed());
        assertTrue(!inGroup("linger-stop"), "the drained consumer left the group");
        assertEquals(FlusherState.Phase.STOPPED, flusher.state().phase());
    }
}
