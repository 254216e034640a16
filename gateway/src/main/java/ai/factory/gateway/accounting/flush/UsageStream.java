package ai.factory.gateway.accounting.flush;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.redis.RedisStore;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One consumer's view of the usage streams in the flushers' group, on a connection of its own:
 * every shard's stream ({@link ai.factory.gateway.redis.RedisKeys#usageStreams()}), where the
 * settle script appends, plus {@link UsageEvent#STREAM}, where the spool replayer appends and
 * where events of releases before sharding wait. On Redis Cluster the streams live in different
 * slots, so each is read with its own single-key commands, in turn; when a whole round finds
 * nothing the reader pauses for at most {@code block} (a BLOCK on one stream would starve the
 * others). An entry's id is qualified by its stream ({@code <stream>/<id>}) except on the
 * unsharded stream, so acknowledgements and dead letters name the right one.
 */
public final class UsageStream implements AutoCloseable {

    private static final Duration MAX_IDLE = Duration.ofMillis(250);

    private final RedisStore.Link connection;
    private final Consumer<String> consumer;
    private final String group;
    private final List<String> streams = new ArrayList<>();
    private final Duration idle;
    private boolean groupReady;
    /** After a failure, or at start, re-read what this consumer was given but never acknowledged. */
    private boolean ownPendingFirst = true;
    private int next;
    private int claimStream;
    private String claimCursor = "0-0";

    public UsageStream(RedisStore store, String group, String consumerName, Duration block) {
        this.connection = store.connect();
        this.connection.connection().setTimeout(block.plusSeconds(5));
        this.group = group;
        this.consumer = Consumer.from(group, consumerName);
        this.streams.add(UsageEvent.STREAM);
        this.streams.addAll(store.keys().usageStreams());
        this.idle = block.compareTo(MAX_IDLE) < 0 ? block : MAX_IDLE;
    }

    /**
     * Creates the group at id 0, not {@code $}: events appended before any flusher ever ran (or
     * while Redis restarted empty and the hot path refilled it) must be read too.
     */
    public void ensureGroup() {
        if (groupReady) {
            return;
        }
        for (String stream : streams) {
            try {
                connection.call(r -> r.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream()));
            } catch (RedisCommandExecutionException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                    throw e;
                }
            }
        }
        groupReady = true;
    }

    /** The next batch: this consumer's own unacknowledged entries first, then new ones. */
    public List<Map.Entry<String, Map<String, String>>> next(int count, Duration block) {
        try {
            List<Map.Entry<String, Map<String, String>>> batch = new ArrayList<>();
            if (ownPendingFirst) {
                for (String stream : streams) {
                    if (batch.size() < count) {
                        int room = count - batch.size();
                        batch.addAll(entries(stream, connection.call(r -> r.xreadgroup(consumer,
                                XReadArgs.Builder.count(room), XReadArgs.StreamOffset.from(stream, "0")))));
                    }
                }
                if (!batch.isEmpty()) {
                    return batch;
                }
                ownPendingFirst = false;
            }
            // A round over every stream, starting where the last one stopped so none is starved.
            for (int i = 0; i < streams.size() && batch.size() < count; i++) {
                String stream = streams.get(next);
                next = (next + 1) % streams.size();
                int room = count - batch.size();
                batch.addAll(entries(stream, connection.call(r -> r.xreadgroup(consumer, XReadArgs.Builder.count(room),
                        XReadArgs.StreamOffset.lastConsumed(stream)))));
            }
            if (batch.isEmpty()) {
                pause(block);
            }
            return batch;
        } catch (RedisCommandExecutionException e) {
            noteMissingGroup(e);
            throw e;
        }
    }

    /** Takes over entries another consumer (dead, or stuck) has held longer than {@code minIdle}. */
    public List<Map.Entry<String, Map<String, String>>> claim(int count, Duration minIdle) {
        try {
            String stream = streams.get(claimStream);
            XAutoClaimArgs<String> args = XAutoClaimArgs.Builder.xautoclaim(consumer, minIdle, claimCursor).count(count);
            ClaimedMessages<String, String> claimed = connection.call(r -> r.xautoclaim(stream, args));
            claimCursor = claimed.getId();
            if ("0-0".equals(claimCursor)) {
                claimStream = (claimStream + 1) % streams.size();
            }
            return entries(stream, claimed.getMessages());
        } catch (RedisCommandExecutionException e) {
            noteMissingGroup(e);
            throw e;
        }
    }

    /** True when the last claim scan reached the end of every stream's pending list. */
    public boolean claimScanDone() {
        return claimStream == 0 && "0-0".equals(claimCursor);
    }

    public void ack(List<String> ids) {
        Map<String, List<String>> byStream = new LinkedHashMap<>();
        for (String id : ids) {
            int slash = id.lastIndexOf('/');
            String stream = slash < 0 ? UsageEvent.STREAM : id.substring(0, slash);
            byStream.computeIfAbsent(stream, s -> new ArrayList<>()).add(id.substring(slash + 1));
        }
        byStream.forEach((stream, local) -> connection.call(r -> r.xack(stream, group, local.toArray(String[]::new))));
    }

    /** Cuts every stream below what every group has acknowledged; see {@link StreamTrimmer}. */
    public long trim() {
        long trimmed = 0;
        for (String stream : streams) {
            trimmed += StreamTrimmer.trim(connection, stream);
        }
        return trimmed;
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

    private void pause(Duration block) {
        try {
            Thread.sleep((block.compareTo(idle) < 0 ? block : idle).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Map.Entry<String, Map<String, String>>> entries(String stream,
            List<StreamMessage<String, String>> messages) {
        String prefix = UsageEvent.STREAM.equals(stream) ? "" : stream + "/";
        return messages.stream()
                .<Map.Entry<String, Map<String, String>>>map(m -> new AbstractMap.SimpleImmutableEntry<>(prefix + m.getId(),
                        m.getBody() == null ? Map.of() : m.getBody()))
                .toList();
    }
}
