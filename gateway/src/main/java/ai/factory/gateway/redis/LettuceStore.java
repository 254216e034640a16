package ai.factory.gateway.redis;

import ai.factory.gateway.lifecycle.Preload;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link RedisStore} over whichever Lettuce client Micronaut made: {@link RedisClient} for
 * {@code redis.uri}, {@link RedisClusterClient} for {@code redis.uris}. On a cluster the client
 * follows topology changes (failovers, resharding: MOVED/ASK and periodic refresh) by itself.
 * While a connection is down, commands fail at once instead of queueing (see RedisClientOptions).
 *
 * <p>The shared connection and the first pub/sub connection are opened on two threads of their
 * own as this store is made, and the first callers wait for them. A connect waits more than it
 * works (measured at start: 170-205 ms on the main thread, 52-66 ms of it CPU): made in parallel,
 * with the context building other beans meanwhile, the wait mostly disappears from the start. A
 * Redis that cannot be reached still fails the start: its error reaches the first caller
 * unchanged, and {@link #onApplicationEvent} is such a caller before the server takes requests.
 */
@Singleton
public class LettuceStore implements RedisStore, ApplicationEventListener<StartupEvent> {

    private final RedisClient single;
    private final RedisClusterClient cluster;
    private final RedisKeys keys;
    private final Preload<Link> connecting;
    private final AtomicReference<Preload<StatefulRedisPubSubConnection<String, String>>> firstPubSub;
    private volatile Link shared;

    public LettuceStore(@Nullable RedisClient single, @Nullable RedisClusterClient cluster, RedisConfig config) {
        if (single == null && cluster == null) {
            throw new IllegalStateException("no Redis configured: set redis.uri (one Redis) or redis.uris (a cluster)");
        }
        this.single = cluster == null ? single : null;
        this.cluster = cluster;
        this.keys = new RedisKeys(config.shards());
        if (cluster != null) {
            cluster.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(Duration.ofSeconds(30))
                            .build())
                    .build());
        }
        // Connected at start-up, never later: connecting blocks, and the request path runs on event loops.
        this.connecting = Preload.start("redis-connect", this::connect);
        this.firstPubSub = new AtomicReference<>(Preload.start("redis-pubsub-connect", this::newPubSub));
    }

    /** Waits for the shared connection before the server starts: a Redis that is down fails the start. */
    @Override
    public void onApplicationEvent(StartupEvent event) {
        shared();
    }

    @Override
    public RedisClusterAsyncCommands<String, String> async() {
        return shared().async();
    }

    private Link shared() {
        Link link = shared;
        if (link == null) {
            link = connecting.get();
            shared = link;
        }
        return link;
    }

    @Override
    public Link connect() {
        if (cluster != null) {
            StatefulRedisClusterConnection<String, String> c = cluster.connect();
            return new Link(c, c.async());
        }
        StatefulRedisConnection<String, String> c = single.connect();
        return new Link(c, c.async());
    }

    /** The one opened at start-up the first time, a new one after that. */
    @Override
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        Preload<StatefulRedisPubSubConnection<String, String>> first = firstPubSub.getAndSet(null);
        return first != null ? first.get() : newPubSub();
    }

    private StatefulRedisPubSubConnection<String, String> newPubSub() {
        return cluster != null ? cluster.connectPubSub() : single.connectPubSub();
    }

    @Override
    public RedisKeys keys() {
        return keys;
    }

    @Override
    public boolean cluster() {
        return cluster != null;
    }

    @PreDestroy
    void close() {
        Preload<StatefulRedisPubSubConnection<String, String>> unused = firstPubSub.getAndSet(null);
        closeQuietly(unused);
        closeQuietly(connecting);
    }

    /** Closes what a start-up connect made; one that failed has nothing to close. */
    private static void closeQuietly(Preload<? extends AutoCloseable> preload) {
        if (preload == null) {
            return;
        }
        AutoCloseable connection;
        try {
            connection = preload.get();
        } catch (RuntimeException failed) {
            return;
        }
        try {
            connection.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not close a Redis connection", e);
        }
    }
}
