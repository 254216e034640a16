package ai.factory.gateway.lifecycle;

import ai.factory.gateway.redis.RedisStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps the usage consumer group free of instances that are gone. An instance that stops leaves
 * the group itself once it owns no pending entry; one that died leaves entries the others claim
 * (XAUTOCLAIM, in the flusher) and then an empty consumer entry, removed here once it has been
 * idle long past anything a live flusher does (a live one reads every second). Removing a
 * consumer that owns nothing loses nothing, and a live one removed by mistake is re-created by
 * its next read.
 */
public final class ConsumerJanitor implements AutoCloseable {

    private final Supplier<RedisStore.Link> connector;
    private final List<String> streams;
    private final String group;
    private RedisStore.Link link;

    /** On the gateway's Redis, one or a cluster (each stream's commands go to the node owning it). */
    public ConsumerJanitor(RedisStore store, List<String> streams, String group) {
        this(store::connect, streams, group);
    }

    /** On one plain Redis (tools and tests that hold a client of their own). */
    public ConsumerJanitor(RedisClient client, List<String> streams, String group) {
        this(() -> {
            StatefulRedisConnection<String, String> c = client.connect();
            return new RedisStore.Link(c, c.async());
        }, streams, group);
    }

    private ConsumerJanitor(Supplier<RedisStore.Link> connector, List<String> streams, String group) {
        this.connector = connector;
        this.streams = List.copyOf(streams);
        this.group = group;
    }

    /** One consumer's entry in XINFO CONSUMERS. */
    public record ConsumerInfo(String name, long pending, long idleMillis) {
    }

    /** Removes this instance's consumer from the group if it owns nothing; true when it is gone from every stream. */
    public boolean leave(String consumer) {
        boolean left = true;
        for (String stream : streams) {
            for (ConsumerInfo info : consumers(stream)) {
                if (info.name().equals(consumer)) {
                    if (info.pending() == 0) {
                        link().call(r -> r.xgroupDelconsumer(stream, io.lettuce.core.Consumer.from(group, consumer)));
                    } else {
                        left = false;
                    }
                }
            }
        }
        return left;
    }

    /** Removes every other consumer that owns nothing and has been idle at least {@code deadAfter}. */
    public List<String> removeDead(String self, Duration deadAfter) {
        List<String> removed = new ArrayList<>();
        for (String stream : streams) {
            for (ConsumerInfo info : consumers(stream)) {
                if (!info.name().equals(self) && info.pending() == 0 && info.idleMillis() >= deadAfter.toMillis()) {
                    link().call(r -> r.xgroupDelconsumer(stream, io.lettuce.core.Consumer.from(group, info.name())));
                    removed.add(info.name());
                }
            }
        }
        return removed;
    }

    public List<ConsumerInfo> consumers(String stream) {
        List<Object> raw;
        try {
            raw = link().call(r -> r.xinfoConsumers(stream, group));
        } catch (RedisCommandExecutionException e) {
            return List.of(); // no stream or no group yet: nobody to remove
        }
        List<ConsumerInfo> result = new ArrayList<>();
        for (Object entry : raw) {
            Map<String, Object> fields = fields(entry);
            result.add(new ConsumerInfo(String.valueOf(fields.get("name")), number(fields.get("pending")),
                    number(fields.get("idle"))));
        }
        return result;
    }

    /** XINFO CONSUMERS answers each consumer as a flat list of field, value, field, value. */
    private static Map<String, Object> fields(Object entry) {
        Map<String, Object> fields = new java.util.HashMap<>();
        if (entry instanceof List<?> list) {
            for (int i = 0; i + 1 < list.size(); i += 2) {
                fields.put(String.valueOf(list.get(i)), list.get(i + 1));
            }
        }
        return fields;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : value == null ? 0 : Long.parseLong(value.toString());
    }

    private RedisStore.Link link() {
        if (link == null || !link.connection().isOpen()) {
            link = connector.get();
        }
        return link;
    }

    @Override
    public void close() {
        if (link != null) {
            link.close();
        }
    }
}
