package ai.factory.gateway.accounting.flush;

import static ai.factory.gateway.accounting.UsageFixtures.count;
import static ai.factory.gateway.accounting.UsageFixtures.event;
import static ai.factory.gateway.accounting.UsageFixtures.xadd;
import static ai.factory.gateway.support.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayFixture;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The flusher against real Redis and PostgreSQL. The app's own flusher is off; each test runs
 * the flushers it needs, under names it chooses, so it can play a consumer that dies.
 */
class UsageFlusherIT {

    private static final int REDIS_DB = 2;
    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30Z");
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

    private UsageFlusher flusher(String consumer, Duration trimInterval) {
        FlusherConfig config = new FlusherConfig(true, "flushers", consumer, 50, Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofMillis(300), trimInterval, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofMillis(50));
        UsageFlusher flusher = new UsageFlusher(gw.app().context().getBean(ai.factory.gateway.redis.RedisStore.class),
                gw.app().context().getBean(LedgerWriter.class), config);
        flushers.add(flusher);
        flusher.start();
        return flusher;
    }

    private static long rows(String tenant) {
        return count(gw.jdbcUrl(), "select count(*) from usage_events where tenant_id = ?", tenant);
    }

    private static long rolled(String table, String column, String tenant) {
        return count(gw.jdbcUrl(), "select coalesce(sum(" + column + "), 0) from " + table + " where tenant_id = ?", tenant);
    }

    /** Entries delivered to the group and not acknowledged; -1 before a flusher made the group. */
    private static long pending() {
        try {
            return redis.xpending(UsageEvent.STREAM, "flushers").getCount();
        } catch (io.lettuce.core.RedisCommandExecutionException noGroupYet) {
            return -1;
        }
    }

    private static void assertRolledUpOnce(String tenant, long requests, long inputTokens) {
        for (String table : List.of("usage_minute", "usage_hour", "usage_day")) {
            assertEquals(requests, rolled(table, "requests", tenant), table + " requests");
            assertEquals(inputTokens, rolled(table, "input_tokens", tenant), table + " input tokens");
        }
    }

    private static List<UsageEvent> events(String tenant, int n) {
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event(tenant + "-req-" + i, tenant, "key-" + (i % 2), "chat-default",
                    T0.plusSeconds(i * 50L), 10 + i, 5, 1000));
        }
        return events;
    }

    private static long inputSum(List<UsageEvent> events) {
        return events.stream().mapToLong(UsageEvent::inputTokens).sum();
    }

    /** A consumer that reads a batch and then dies: the entries stay pending on it. */
    private static List<StreamMessage<String, String>> readAndDie(String consumer, int count) {
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(UsageEvent.STREAM, "0"), "flushers");
        } catch (io.lettuce.core.RedisCommandExecutionException ignored) {
            // the group exists
        }
        return redis.xreadgroup(Consumer.from("flushers", consumer), XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.lastConsumed(UsageEvent.STREAM));
    }

    @Test
    void the_channel_and_the_hashed_end_user_land_with_the_event_and_the_http_api_leaves_them_null() {
        UsageEvent chat = event("chan-1", "chan", "key-0", "chat-default", T0, 10, 5, 1000)
                .withChannel("slack", "eu_3f2a");
        UsageEvent api = event("chan-2", "chan", "key-0", "chat-default", T0, 10, 5, 1000);
        xadd(redis, chat, api);
        UsageFlusher flusher = flusher("f-chan", Duration.ofHours(1));
        until(Duration.ofSeconds(20), () -> rows("chan") == 2, "both rows");
        assertEquals(1, count(gw.jdbcUrl(), "select count(*) from usage_events where request_id = ? and channel = 'slack'"
                + " and end_user = 'eu_3f2a'", "chan-1"));
        assertEquals(1, count(gw.jdbcUrl(), "select count(*) from usage_events where request_id = ? and channel is null"
                + " and end_user is null", "chan-2"));
    }

    @Test
    void redelivered_events_land_once_and_roll_up_once() {
        List<UsageEvent> events = events("redeliver", 6);
        xadd(redis, events.toArray(UsageEvent[]::new));
        xadd(redis, events.toArray(UsageEvent[]::new));
        UsageFlusher flusher = flusher("f-1", Duration.ofHours(1));
        until(Duration.ofSeconds(20), () -> redis.xlen(UsageEvent.STREAM) == 12 && pending() == 0
                && flusher.landed() == 6 && rows("redeliver") == 6, "6 rows from 12 entries");
        xadd(redis, events.get(0), events.get(5));
        until(Duration.ofSeconds(20), () -> groupLag() == 0 && pending() == 0, "the third delivery acknowledged");
        assertEquals(6, rows("redeliver"));
        assertRolledUpOnce("redeliver", 6, inputSum(events));
    }

    @Test
    void entries_of_a_consumer_that_died_before_committing_are_claimed_and_landed() {
        List<UsageEvent> events = events("died-before-commit", 20);
        xadd(redis, events.toArray(UsageEvent[]::new));
        assertEquals(20, readAndDie("dead-1", 100).size());
        assertEquals(20, pending());

        flusher("survivor-1", Duration.ofHours(1));
        until(Duration.ofSeconds(20), () -> rows("died-before-commit") == 20 && pending() == 0,
                "the survivor to claim and land what dead-1 held");
        assertRolledUpOnce("died-before-commit", 20, inputSum(events));
    }

    @Test
    void entries_a_dead_consumer_committed_but_never_acknowledged_are_not_counted_twice() {
        List<UsageEvent> events = events("died-before-ack", 10);
        xadd(redis, events.toArray(UsageEvent[]::new));
        List<StreamMessage<String, String>> read = readAndDie("dead-2", 100);
        List<Map.Entry<String, Map<String, String>>> entries = new ArrayList<>();
        read.forEach(m -> entries.add(new AbstractMap.SimpleImmutableEntry<>(m.getId(), m.getBody())));
        DecodedBatch batch = EntryDecoder.decode(entries);
        // dead-2 committed its batch, then died before XACK.
        assertEquals(10, gw.app().context().getBean(LedgerWriter.class).write(batch.events(), batch.deadLetters()));

        UsageFlusher survivor = flusher("survivor-2", Duration.ofHours(1));
        until(Duration.ofSeconds(20), () -> pending() == 0, "the survivor to claim and acknowledge");
        assertEquals(0, survivor.landed(), "the claimed batch was already in the ledger");
        assertEquals(10, rows("died-before-ack"));
        assertRolledUpOnce("died-before-ack", 10, inputSum(events));
    }

    @Test
    void a_malformed_entry_is_dead_lettered_and_the_entries_around_it_still_land() {
        List<UsageEvent> events = events("poison", 2);
        xadd(redis, events.get(0));
        Map<String, String> broken = new HashMap<>(events.get(1).toFields());
        broken.put("request_id", "poison-broken");
        broken.put("output_tokens", "lots");
        String brokenId = redis.xadd(UsageEvent.STREAM, broken);
        xadd(redis, events.get(1));

        flusher("f-poison", Duration.ofHours(1));
        until(Duration.ofSeconds(20), () -> rows("poison") == 2 && pending() == 0, "the good entries to land");
        assertEquals(1, count(gw.jdbcUrl(), "select count(*) from usage_dead_letters where stream_id = ?", brokenId));
    }

    @Test
    void trimming_while_flushing_never_drops_an_event() {
        UsageFlusher f = flusher("f-trim", Duration.ofMillis(100));
        List<UsageEvent> events = events("trimmed", 300);
        for (int i = 0; i < events.size(); i += 30) {
            xadd(redis, events.subList(i, i + 30).toArray(UsageEvent[]::new));
            // Spread the writes over several trims (every 100 ms), so trimming runs while events arrive.
            Await.quiet(Duration.ofMillis(40));
        }
        until(Duration.ofSeconds(30), () -> rows("trimmed") == 300, "all 300 events to land");
        until(Duration.ofSeconds(10), () -> redis.xlen(UsageEvent.STREAM) < 300, "the stream to be trimmed");
        // The flusher counts a batch after its commit returns, a moment after the rows are visible.
        until(Duration.ofSeconds(5), () -> f.landed() == 300, "the flusher to count all 300 as its own");
        assertRolledUpOnce("trimmed", 300, inputSum(events));
    }

    private static long groupLag() {
        // Entries not yet delivered to the group: those after its last-delivered id.
        for (Object raw : redis.xinfoGroups(UsageEvent.STREAM)) {
            List<?> info = (List<?>) raw;
            for (int i = 0; i + 1 < info.size(); i += 2) {
                if ("last-delivered-id".equals(String.valueOf(info.get(i)))) {
                    String last = String.valueOf(info.get(i + 1));
                    return redis.xrange(UsageEvent.STREAM, io.lettuce.core.Range.create("(" + last, "+")).size();
                }
            }
        }
        return -1;
    }
}
