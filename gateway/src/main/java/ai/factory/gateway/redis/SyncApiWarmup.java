package ai.factory.gateway.redis;

import io.lettuce.core.RedisAsyncCommandsImpl;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.internal.AbstractInvocationHandler;
import io.lettuce.core.pubsub.RedisPubSubAsyncCommandsImpl;
import io.lettuce.core.pubsub.api.sync.RedisPubSubCommands;

/**
 * Builds, off the main thread, the method tables behind Lettuce's synchronous API. Every new
 * connection makes its sync proxy eagerly, and the first of each kind maps each of the ~450
 * interface methods to the async implementation by reflection: run interpreted at start, about
 * 50 ms of CPU (measured on the preload thread) that used to sit on the main thread. The
 * tables are cached per async class, with the interfaces Lettuce itself passes
 * ({@code RedisChannelHandler.syncHandler}); {@code LettuceStoreIT} checks they are the ones a
 * connection then uses. Cluster connections build theirs on first connect as before.
 */
public final class SyncApiWarmup {

    private SyncApiWarmup() {
    }

    public static void run() {
        Tables.build();
    }

    /** A subclass only to reach Lettuce's protected {@code MethodTranslator}; never instantiated. */
    private abstract static class Tables extends AbstractInvocationHandler {

        static void build() {
            MethodTranslator.of(RedisAsyncCommandsImpl.class, RedisCommands.class);
            MethodTranslator.of(RedisPubSubAsyncCommandsImpl.class, RedisPubSubCommands.class);
        }
    }
}
