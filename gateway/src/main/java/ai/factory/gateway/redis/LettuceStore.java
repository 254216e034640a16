package ai.factory.gateway.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The {@link RedisStore} over whichever Lettuce client Micronaut made: {@link RedisClient} for
 * {@code redis.uri}, {@link RedisClusterClient} for {@code redis.uris}. On a cluster the client
 * follows topology changes (failovers, resharding: MOVED/ASK and periodic refresh) by itself.
 * While a connection is down, commands fail at once instead of queueing (see RedisClientOptions).
 */
@Singleton
public class LettuceStore implements RedisStore {

    private final RedisClient single;
    private final RedisClusterClient cluster;
    private final RedisKeys keys;
    private final Link shared;

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
        // Connected now, at start-up: connecting blocks, and the request path runs on event loops.
        this.shared = connect();
    }

    @Override
    public RedisClusterAsyncCommands<String, String> async() {
        return shared.async();
    }

    @Override
    public Link connect() {
        if (cluster != null) {
            StatefulRedisClusterConnection<String, String> c = cluster.connect();
            return new Link(c, c.sync(), c.async());
        }
        StatefulRedisConnection<String, String> c = single.connect();
        return new Link(c, c.sync(), c.async());
    }

    @Override
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
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
        shared.close();
    }
}
