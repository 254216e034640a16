package ai.factory.gateway.accounting.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageFixtures;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trimming against a real Redis: only what every group has acknowledged ever goes. */
class StreamTrimmingIT {

    private static final int REDIS_DB = 3;
    private static RedisClient client;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void connect() {
        client = UsageFixtures.redis(REDIS_DB);
        redis = client.connect().sync();
        redis.flushdb();
    }

    @AfterAll
    static void close() {
        client.shutdown();
    }

    @Test
    void trimming_never_removes_unacknowledged_or_unread_entries() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(redis.xadd(UsageEvent.STREAM, UsageFixtures.event("trim-" + i, "t", "k", "m",
                    Instant.parse("2025-03-01T00:00:00Z"), 1, 1, 1).toFields()));
        }
        try (UsageStream stream = new UsageStream(new ai.factory.gateway.redis.LettuceStore(client, null, new ai.factory.gateway.redis.RedisConfig(16)), "flushers", "c1", Duration.ofMillis(100))) {
            stream.ensureGroup();
            List<StreamMessage<String, String>> read = redis.xreadgroup(Consumer.from("flushers", "c1"),
                    XReadArgs.Builder.count(10), XReadArgs.StreamOffset.lastConsumed(UsageEvent.STREAM));
            assertEquals(10, read.size());
            stream.ack(ids.subList(0, 4));
            // A second group that has read and acknowledged only the first six.
            redis.xgroupCreate(XReadArgs.StreamOffset.from(UsageEvent.STREAM, "0"), "audit");
            redis.xreadgroup(Consumer.from("audit", "a1"), XReadArgs.Builder.count(6),
                    XReadArgs.StreamOffset.lastConsumed(UsageEvent.STREAM));
            redis.xack(UsageEvent.STREAM, "audit", ids.subList(0, 6).toArray(String[]::new));

            assertEquals(4, stream.trim(), "entries 0-3 are acknowledged by both groups");
            assertEquals(ids.subList(4, 10), streamIds());

            stream.ack(ids.subList(4, 10));
            assertEquals(1, stream.trim(), "the audit group still needs what it has not read: entry 5 on");
            assertEquals(ids.subList(5, 10), streamIds());
        }
    }

    private static List<String> streamIds() {
        return redis.xrange(UsageEvent.STREAM, Range.create("-", "+")).stream().map(StreamMessage::getId).toList();
    }
}
