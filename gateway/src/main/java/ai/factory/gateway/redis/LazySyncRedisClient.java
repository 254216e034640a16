package ai.factory.gateway.redis;

import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.json.JsonParser;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.pubsub.PubSubEndpoint;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnectionImpl;
import io.lettuce.core.pubsub.api.sync.RedisPubSubCommands;
import io.lettuce.core.resource.ClientResources;
import io.micronaut.core.util.SupplierUtil;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A {@link RedisClient} whose connections build Lettuce's synchronous API only when {@code sync()}
 * is first called. Lettuce builds it in every connection's constructor as a
 * {@link java.lang.reflect.Proxy} over the ~450 methods of the command interfaces; the first one
 * of each kind generates that proxy class with the JDK's class-file writer. At start that cost the
 * two connect threads about 140 ms of CPU (profiled: 197 -> 58 ms), and the JIT about 100 ms more
 * compiling the writer (load-tests/results/start-time-2026-11-30-0548.md).
 * The gateway itself never calls {@code sync()} (see {@link RedisStore.Link#call}); tools and
 * tests that do get the same proxy as before.
 */
public final class LazySyncRedisClient extends RedisClient {

    public LazySyncRedisClient(ClientResources resources, RedisURI uri) {
        super(resources, uri);
    }

    @Override
    protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter writer,
            PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout) {
        return new Connection<>(writer, pushHandler, codec, timeout, getOptions().getJsonParser());
    }

    @Override
    protected <K, V> StatefulRedisPubSubConnectionImpl<K, V> newStatefulRedisPubSubConnection(
            PubSubEndpoint<K, V> endpoint, RedisChannelWriter writer, RedisCodec<K, V> codec, Duration timeout) {
        return new PubSubConnection<>(endpoint, writer, codec, timeout);
    }

    static final class Connection<K, V> extends StatefulRedisConnectionImpl<K, V> {

        private final Supplier<RedisCommands<K, V>> lazySync =
                SupplierUtil.memoized(() -> syncHandler(async(), RedisCommands.class, RedisClusterCommands.class));

        Connection(RedisChannelWriter writer, PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout,
                Supplier<JsonParser> parser) {
            super(writer, pushHandler, codec, timeout, parser);
        }

        @Override
        protected RedisCommands<K, V> newRedisSyncCommandsImpl() {
            return null;
        }

        @Override
        public RedisCommands<K, V> sync() {
            return lazySync.get();
        }
    }

    private static final class PubSubConnection<K, V> extends StatefulRedisPubSubConnectionImpl<K, V> {

        private final Supplier<RedisPubSubCommands<K, V>> lazySync =
                SupplierUtil.memoized(() -> syncHandler(async(), RedisPubSubCommands.class));

        PubSubConnection(PubSubEndpoint<K, V> endpoint, RedisChannelWriter writer, RedisCodec<K, V> codec,
                Duration timeout) {
            super(endpoint, writer, codec, timeout);
        }

        @Override
        protected RedisPubSubCommands<K, V> newRedisSyncCommandsImpl() {
            return null;
        }

        @Override
        public RedisPubSubCommands<K, V> sync() {
            return lazySync.get();
        }
    }
}
