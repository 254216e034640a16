package ai.factory.gateway.accounting.flush;

import ai.factory.gateway.accounting.UsageEvent;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

/**
 * One consumer's view of {@code gateway:usage} in the flushers' group, on a connection of its own:
 * XREADGROUP with BLOCK holds the connection, so it must never be a shared one, and the thread
 * calling it must never be an event loop.
 */
public final class UsageStream implements AutoCloseable {

    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final Consumer<String> consumer;
    private final String group;
    private boolean groupReady;
    /** After a failure, or at start, re-read what this consumer was given but never acknowledged. */
    private boolean ownPendingFirst = true;
    private String claimCursor = "0-0";

    public UsageStream(RedisClient client, String group, String consumerName, Duration block) {
        this.connection = client.connect();
        // The command timeout must outlast the server-side BLOCK, or every idle read would "time out".
        this.connection.setTimeout(block.plusSeconds(5));
        this.redis = connection.sync();
        this.group = group;
        this.consumer = Consumer.from(group, consumerName);
    }

    /**
     * Creates the group at id 0, not {@code $}: events appended before any flusher ever ran (or
     * while Redis restarted empty and the hot path refilled it) must be read too.
     */
    public void ensureGroup() {
        if (groupReady) {
            return;
        }
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(UsageEvent.STREAM, "0"), group, XGroupCreateArgs.Builder.mkstream());
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                throw e;
            }
        }
        groupReady = true;
    }

    /** The next batch: this consumer's own unacknowledged entries first, then new ones (blocking). */
    public List<Map.Entry<String, Map<String, String>>> next(int count, Duration block) {
        try {
            if (ownPendingFirst) {
                List<StreamMessage<String, String>> mine = redis.xreadgroup(consumer, XReadArgs.Builder.count(count),
                        XReadArgs.StreamOffset.from(UsageEvent.STREAM, "0"));
                if (!mine.isEmpty()) {
                    return entries(mine);
                }
                ownPendingFirst = false;
            }
            return entries(redis.xreadgroup(consumer, XReadArgs.Builder.count(count).block(block),
                    XReadArgs.StreamOffset.lastConsumed(UsageEvent.STREAM)));
        } catch (RedisCommandExecutionException e) {
            noteMissingGroup(e);
            throw e;
        }
    }

    /** Takes over entries another consumer (dead, or stuck) has held longer than {@code minIdle}. */
    public List<Map.Entry<String, Map<String, String>>> claim(int count, Duration minIdle) {
        try {
            ClaimedMessages<String, String> claimed = redis.xautoclaim(UsageEvent.STREAM,
                    XAutoClaimArgs.Builder.xautoclaim(consumer, minIdle, claimCursor).count(count));
            claimCursor = claimed.getId();
            return entries(claimed.getMessages());
        } catch (RedisCommandExecutionException e) {
            noteMissingGroup(e);
            throw e;
        }
    }

    /** True when the last claim scan reached the end of the pending list. */
    public boolean claimScanDone() {
        return "0-0".equals(claimCursor);
    }

    public void ack(List<String> ids) {
        if (!ids.isEmpty()) {
            redis.xack(UsageEvent.STREAM, group, ids.toArray(String[]::new));
        }
    }

    /** Cuts the stream below what every group has acknowledged; see {@link StreamTrimmer}. */
    public long trim() {
        return StreamTrimmer.trim(redis);
    }

    /** Something failed between read and ack: the batch is pending on us, read it again first. */
    public void afterFailure() {
        ownPendingFirst = true;
    }

    public String consumerName() {
        return consumer.getName();
    }

    @Override
    public void close() {
        connection.close();
    }

    /** A Redis that restarted empty has no group; create it again instead of failing forever. */
    private void noteMissingGroup(RedisCommandExecutionException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
            groupReady = false;
        }
    }

    private static List<Map.Entry<String, Map<String, String>>> entries(List<StreamMessage<String, String>> messages) {
        return messages.stream()
                .<Map.Entry<String, Map<String, String>>>map(m -> new AbstractMap.SimpleImmutableEntry<>(m.getId(),
                        m.getBody() == null ? Map.of() : m.getBody()))
                .toList();
    }
}
