package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Consumers of stopped instances leave the group once they own nothing, against a real Redis. */
class ConsumerJanitorIT {

    /** Longer than the 200 ms idle time the tests give the janitor: a consumer this quiet counts as dead. */
    private static final Duration IDLE = Duration.ofMillis(300);

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;
    private String stream;
    private ConsumerJanitor janitor;

    @BeforeEach
    void setUp() {
        client = RedisClient.create(TestServers.redisUri());
        connection = client.connect();
        redis = connection.sync();
        stream = "janitor-test:" + UUID.randomUUID();
        redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "g", XGroupCreateArgs.Builder.mkstream());
        janitor = new ConsumerJanitor(client, List.of(stream), "g");
    }

    @AfterEach
    void tearDown() {
        janitor.close();
        redis.del(stream);
        connection.close();
        client.shutdown();
    }

    private List<StreamMessage<String, String>> read(String consumer) {
        return redis.xreadgroup(Consumer.from("g", consumer), XReadArgs.Builder.count(10),
                XReadArgs.StreamOffset.lastConsumed(stream));
    }

    private List<String> names() {
        return janitor.consumers(stream).stream().map(ConsumerJanitor.ConsumerInfo::name).sorted().toList();
    }

    @Test
    void removes_idle_consumers_that_own_nothing_and_keeps_those_with_pending_entries() throws Exception {
        redis.xadd(stream, Map.of("e", "1"));
        assertEquals(1, read("dead-with-pending").size());
        redis.xgroupCreateconsumer(stream, Consumer.from("g", "dead-empty"));
        Await.quiet(IDLE); // dead-empty idles past the janitor's 200 ms
        redis.xgroupCreateconsumer(stream, Consumer.from("g", "alive"));

        String before = janitor.consumers(stream).toString();
        List<String> removed = janitor.removeDead("alive", Duration.ofMillis(200));

        assertEquals(List.of("dead-empty"), removed, before);
        assertEquals(List.of("alive", "dead-with-pending"), names());
    }

    @Test
    void a_dead_consumer_goes_once_its_pending_entries_are_claimed() throws Exception {
        String id = redis.xadd(stream, Map.of("e", "1"));
        read("dead");
        Await.quiet(IDLE); // dead idles past the janitor's 200 ms
        assertTrue(janitor.removeDead("alive", Duration.ofMillis(200)).isEmpty());

        redis.xclaim(stream, Consumer.from("g", "alive"), 0, id);
        redis.xack(stream, "g", id);
        Await.quiet(IDLE);

        assertEquals(List.of("dead"), janitor.removeDead("alive", Duration.ofMillis(200)));
        assertEquals(List.of("alive"), names());
    }

    @Test
    void an_instance_leaves_only_when_it_owns_nothing() {
        String id = redis.xadd(stream, Map.of("e", "1"));
        read("me");

        assertFalse(janitor.leave("me"), "left with an entry pending");
        assertEquals(List.of("me"), names());

        redis.xack(stream, "g", id);
        assertTrue(janitor.leave("me"));
        assertEquals(List.of(), names());
    }

    @Test
    void finds_no_consumers_on_a_stream_without_the_group() {
        try (ConsumerJanitor other = new ConsumerJanitor(client, List.of("janitor-test:none:" + UUID.randomUUID()), "g")) {
            assertTrue(other.removeDead("me", Duration.ZERO).isEmpty());
            assertTrue(other.leave("me"));
        }
    }
}
