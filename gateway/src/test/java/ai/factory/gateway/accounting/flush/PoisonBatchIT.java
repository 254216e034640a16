package ai.factory.gateway.accounting.flush;

import static ai.factory.gateway.accounting.UsageFixtures.count;
import static ai.factory.gateway.accounting.UsageFixtures.event;
import static ai.factory.gateway.accounting.UsageFixtures.xadd;
import static ai.factory.gateway.support.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.GatewayFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A batch PostgreSQL refuses for its data, and failures nobody planned for, against real Redis and
 * PostgreSQL: the flusher finds the bad rows, lands the rest and never stops.
 */
class PoisonBatchIT {

    private static final int REDIS_DB = 15;
    private static final Instant T0 = Instant.parse("2025-04-01T08:00:00Z");
    private static RedisClient client;
    private static RedisCommands<String, String> redis;
    private final List<UsageFlusher> flushers = new ArrayList<>();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(REDIS_DB)
            .properties(UsageFixtures.quickFlush())
            .property("gateway.usage.flusher.enabled", false)
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

    private UsageFlusher flusher(LedgerWriter ledger) {
        FlusherConfig config = new FlusherConfig(true, "flushers", "poison-" + flushers.size(), 100,
                Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMillis(50));
        UsageFlusher flusher = new UsageFlusher(gw.app().context().getBean(ai.factory.gateway.redis.RedisStore.class), ledger, config);
        flushers.add(flusher);
        flusher.start();
        return flusher;
    }

    private static long rows(String tenant) {
        return count(gw.jdbcUrl(), "select count(*) from usage_events where tenant_id = ?", tenant);
    }

    private static long pending() {
        try {
            return redis.xpending(UsageEvent.STREAM, "flushers").getCount();
        } catch (io.lettuce.core.RedisCommandExecutionException noGroupYet) {
            return -1;
        }
    }

    private static List<UsageEvent> events(String tenant, int n) {
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event(tenant + "-req-" + i, tenant, "key-1", "chat-default", T0.plusSeconds(i), 10, 5, 1000));
        }
        return events;
    }

    /** Random letters do not compress, so PostgreSQL must put all of them in the roll-ups' index entry. */
    private static String incompressible(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    @Test
    void rows_too_big_for_an_index_are_dead_lettered_and_the_rest_of_their_batch_lands() {
        List<UsageEvent> events = events("oversized", 40);
        List<String> badIds = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            UsageEvent e = events.get(i);
            if (i == 7 || i == 30) {
                // What an old gateway (no edge check) appended for a 5 KB model name.
                e = event(e.requestId(), e.tenantId(), e.keyId(), incompressible(5000, i), T0, 10, 5, 1000);
                badIds.add(redis.xadd(UsageEvent.STREAM, e.toFields()));
            } else {
                xadd(redis, e);
            }
        }
        UsageFlusher flusher = flusher(gw.app().context().getBean(LedgerWriter.class));
        until(Duration.ofSeconds(30), () -> pending() == 0 && redis.xlen(UsageEvent.STREAM) == 40
                && flusher.state().landed() + flusher.state().deadLettered() >= 40, "the batch to be acknowledged");
        assertEquals(38, rows("oversized"), "the good events landed; " + flusher.state().details() + " dead letters: "
                + count(gw.jdbcUrl(), "select count(*) from usage_dead_letters"));
        for (String id : badIds) {
            assertEquals(1, count(gw.jdbcUrl(), "select count(*) from usage_dead_letters where stream_id = ? "
                    + "and reason like '%index row size%'", id), "dead letter with PostgreSQL's reason for " + id);
        }
        assertEquals(38, count(gw.jdbcUrl(), "select coalesce(sum(requests), 0) from usage_day where tenant_id = ?", "oversized"));
        until(Duration.ofSeconds(5), () -> flusher.state().deadLettered() == 2, "the dead letters counted");

        xadd(redis, events("after-oversized", 3).toArray(UsageEvent[]::new));
        until(Duration.ofSeconds(20), () -> rows("after-oversized") == 3, "later events land too");
        assertEquals(FlusherState.Phase.RUNNING, flusher.state().phase());
    }

    @Test
    void an_error_thrown_while_landing_does_not_end_the_flusher() {
        AtomicInteger calls = new AtomicInteger();
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx = gw.app().context().getBean(TransactionOperations.class);
        LedgerWriter crashingOnce = new LedgerWriter(tx) {
            @Override
            public int write(List<DecodedBatch.Entry> events, List<DeadLetter> deadLetters) {
                if (calls.incrementAndGet() == 1) {
                    throw new AssertionError("a driver bug nobody planned for");
                }
                return super.write(events, deadLetters);
            }
        };
        xadd(redis, events("survives-errors", 5).toArray(UsageEvent[]::new));
        UsageFlusher flusher = flusher(crashingOnce);
        until(Duration.ofSeconds(20), () -> rows("survives-errors") == 5 && pending() == 0,
                "the events to land after the error");
        assertTrue(calls.get() >= 2, "the flusher tried again");
        assertTrue(flusher.alive());
        assertTrue(String.valueOf(flusher.state().details().get("last_failure")).contains("AssertionError"),
                flusher.state().details().toString());
    }
}
