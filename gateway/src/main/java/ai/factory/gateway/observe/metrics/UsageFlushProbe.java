package ai.factory.gateway.observe.metrics;

import static ai.factory.observability.GatewayMetrics.USAGE_FLUSH_LAG;
import static ai.factory.observability.GatewayMetrics.USAGE_FLUSH_PENDING;
import static ai.factory.observability.GatewayMetrics.USAGE_STREAM_LENGTH;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.observe.ObservabilityConfig;
import ai.factory.gateway.redis.RedisStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the usage flush from Redis on a schedule, never on the request path: the streams'
 * length (every shard's and the unsharded one's), the flushers' pending entries, and the age of
 * the oldest event not yet in PostgreSQL.
 * All commands are asynchronous on a connection of its own; gauges read the last values, and a
 * probe that fails leaves them as NaN rather than as a reassuring stale number.
 */
@Context
public class UsageFlushProbe {

    private static final Logger LOG = LoggerFactory.getLogger(UsageFlushProbe.class);

    private final RedisStore client;
    private final String group;
    private final List<String> streams = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile RedisStore.Link connection;
    private volatile double length = Double.NaN;
    private volatile double pending = Double.NaN;
    private volatile double lagSeconds = Double.NaN;

    public UsageFlushProbe(RedisStore client, ObservabilityConfig config, MeterRegistry registry) {
        this.client = client;
        this.group = config.usageGroup();
        this.streams.add(UsageEvent.STREAM);
        this.streams.addAll(client.keys().usageStreams());
        Gauge.builder(USAGE_STREAM_LENGTH, this, p -> p.length)
                .description("Entries in the usage stream").register(registry);
        Gauge.builder(USAGE_FLUSH_PENDING, this, p -> p.pending)
                .description("Usage events delivered to the flushers and not yet committed").register(registry);
        Gauge.builder(USAGE_FLUSH_LAG, this, p -> p.lagSeconds).baseUnit("seconds")
                .description("Age of the oldest usage event not yet in PostgreSQL").register(registry);
    }

    @Scheduled(fixedDelay = "${gateway.observability.usage-probe-interval:15s}", initialDelay = "1s")
    void probe() {
        if (!running.compareAndSet(false, true)) {
            return; // the previous probe is still waiting on Redis
        }
        try {
            RedisClusterAsyncCommands<String, String> redis = connection().async();
            // Every shard's stream and the unsharded one: lengths and pending add up, the lag is the worst.
            List<CompletableFuture<double[]>> states = streams.stream().map(stream -> state(redis, stream)).toList();
            CompletableFuture.allOf(states.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    length = Double.NaN;
                    pending = Double.NaN;
                    lagSeconds = Double.NaN;
                    LOG.debug("usage flush probe failed", failure);
                } else {
                    double[] total = new double[3];
                    for (CompletableFuture<double[]> state : states) {
                        double[] one = state.join();
                        total[0] += one[0];
                        total[1] += one[1];
                        total[2] = Math.max(total[2], one[2]);
                    }
                    length = total[0];
                    pending = total[1];
                    lagSeconds = total[2];
                }
                running.set(false);
            });
        } catch (RuntimeException e) {
            lagSeconds = Double.NaN;
            running.set(false);
            LOG.debug("usage flush probe could not reach Redis", e);
        }
    }

    public double length() {
        return length;
    }

    public double pending() {
        return pending;
    }

    public double lagSeconds() {
        return lagSeconds;
    }

    /** One stream's length, pending count and lag in seconds. */
    private CompletableFuture<double[]> state(RedisClusterAsyncCommands<String, String> redis, String stream) {
        return redis.xlen(stream).toCompletableFuture()
                .thenCombine(groupState(redis, stream), (len, state) -> new double[] {len, state[0], state[1]});
    }

    private CompletableFuture<double[]> groupState(RedisClusterAsyncCommands<String, String> redis, String stream) {
        return redis.xinfoGroups(stream).toCompletableFuture()
                .exceptionally(e -> List.of()) // no stream yet: nothing appended, nothing behind
                .thenCompose(groups -> {
                    Map<String, Object> info = findGroup(groups);
                    if (info == null) {
                        // Nobody flushes: every entry in the stream is behind.
                        return first(redis, stream, Range.create("-", "+")).thenApply(firstId ->
                                new double[] {0, FlushLag.seconds(System.currentTimeMillis(), null, firstId)});
                    }
                    long pendingCount = ((Number) info.get("pending")).longValue();
                    String lastDelivered = String.valueOf(info.get("last-delivered-id"));
                    CompletionStage<String> oldestPending = pendingCount == 0 ? CompletableFuture.completedFuture(null)
                            : redis.xpending(stream, group).thenApply(p -> p.getCount() == 0 ? null
                                    : p.getMessageIds().getLower().getValue());
                    CompletableFuture<String> undelivered = first(redis, stream, Range.from(
                            Range.Boundary.excluding(lastDelivered), Range.Boundary.unbounded()));
                    return oldestPending.toCompletableFuture().thenCombine(undelivered, (p, u) ->
                            new double[] {pendingCount, FlushLag.seconds(System.currentTimeMillis(), p, u)});
                });
    }

    private static CompletableFuture<String> first(RedisClusterAsyncCommands<String, String> redis, String stream,
            Range<String> range) {
        return redis.xrange(stream, range, Limit.from(1)).toCompletableFuture()
                .thenApply(messages -> messages.isEmpty() ? null : messages.get(0).getId());
    }

    private Map<String, Object> findGroup(List<Object> groups) {
        for (Object raw : groups) {
            Map<String, Object> info = pairs((List<?>) raw);
            if (group.equals(String.valueOf(info.get("name")))) {
                return info;
            }
        }
        return null;
    }

    /** XINFO GROUPS answers each group as a flat list of field, value, field, value. */
    private static Map<String, Object> pairs(List<?> flat) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(String.valueOf(flat.get(i)), flat.get(i + 1));
        }
        return map;
    }

    private RedisStore.Link connection() {
        RedisStore.Link c = connection;
        if (c == null || !c.connection().isOpen()) {
            // Connecting blocks, but only this scheduler thread, once.
            c = client.connect();
            connection = c;
        }
        return c;
    }

    @PreDestroy
    void close() {
        RedisStore.Link c = connection;
        if (c != null) {
            c.connection().closeAsync();
        }
    }
}
