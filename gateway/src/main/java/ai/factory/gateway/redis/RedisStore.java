package ai.factory.gateway.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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
    record Link(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> async)
            implements AutoCloseable {

        /**
         * Sends one command and waits for its answer up to the connection's timeout, failing as
         * Lettuce's sync API does (the same {@code RedisCommandExecutionException}s and timeouts);
         * that API is a reflective proxy the gateway does not build (see {@link LazySyncRedisClient}).
         */
        public <T> T call(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command) {
            return LettuceFutures.awaitOrCancel(command.apply(async), connection.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
