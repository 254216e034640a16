package ai.factory.gateway.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * One Redis ({@code redis.uri}) or a Redis Cluster ({@code redis.uris}: any of its nodes), behind
 * the commands both offer. Every caller writes its code once against this; on a cluster each
 * command goes to the node owning its key's slot, and pub/sub messages (PUBLISH is broadcast to
 * every node of a cluster) reach subscribers on any node.
 */
public interface RedisStore {

    /** The shared, pipelined connection of the request path. Never for blocking commands. */
    RedisClusterAsyncCommands<String, String> async();

    /** A connection of its own, for blocking reads (XREADGROUP BLOCK) or background work. */
    Link connect();

    StatefulRedisPubSubConnection<String, String> connectPubSub();

    RedisKeys keys();

    boolean cluster();

    /** A dedicated connection; close it when done. */
    record Link(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> sync,
                RedisClusterAsyncCommands<String, String> async) implements AutoCloseable {

        @Override
        public void close() {
            connection.close();
        }
    }
}
