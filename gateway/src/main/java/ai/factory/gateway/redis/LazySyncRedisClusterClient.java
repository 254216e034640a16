package ai.factory.gateway.redis;

import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.cluster.ClusterPushHandler;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.StatefulRedisClusterConnectionImpl;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.json.JsonParser;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.resource.ClientResources;
import io.micronaut.core.util.SupplierUtil;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@link LazySyncRedisClient} for a Redis Cluster ({@code redis.uris}): the cluster connection and
 * its connections to each node build Lettuce's synchronous API only when {@code sync()} is first
 * called. On a cluster the start built two proxy classes of it, for the node connections and the
 * cluster connection: about 110 ms of the connect thread's CPU (profiled on a three-master cluster).
 * The cluster's pub/sub connection still builds its own, in a constructor Lettuce offers no hook for.
 */
public final class LazySyncRedisClusterClient extends RedisClusterClient {

    public LazySyncRedisClusterClient(ClientResources resources, Iterable<RedisURI> uris) {
        super(resources, uris);
    }

    @Override
    protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter writer,
            PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout, Supplier<JsonParser> parser) {
        return new LazySyncRedisClient.Connection<>(writer, pushHandler, codec, timeout, parser);
    }

    @Override
    protected <V, K> StatefulRedisClusterConnectionImpl<K, V> newStatefulRedisClusterConnection(RedisChannelWriter writer,
            ClusterPushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout, Supplier<JsonParser> parser) {
        return new ClusterConnection<>(writer, pushHandler, codec, timeout, parser);
    }

    private static final class ClusterConnection<K, V> extends StatefulRedisClusterConnectionImpl<K, V> {

        private final Supplier<RedisAdvancedClusterCommands<K, V>> lazySync =
                SupplierUtil.memoized(() -> clusterSyncHandler(RedisAdvancedClusterCommands.class));

        ClusterConnection(RedisChannelWriter writer, ClusterPushHandler pushHandler, RedisCodec<K, V> codec,
                Duration timeout, Supplier<JsonParser> parser) {
            super(writer, pushHandler, codec, timeout, parser);
        }

        @Override
        protected RedisAdvancedClusterCommands<K, V> newRedisAdvancedClusterCommandsImpl() {
            return null;
        }

        @Override
        public RedisAdvancedClusterCommands<K, V> sync() {
            return lazySync.get();
        }
    }
}
