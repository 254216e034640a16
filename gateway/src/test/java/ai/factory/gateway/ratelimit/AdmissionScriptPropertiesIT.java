package ai.factory.gateway.ratelimit;

import ai.factory.gateway.redis.LettuceStore;
import ai.factory.gateway.redis.RedisConfig;
import ai.factory.gateway.redis.RedisStore;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import net.jqwik.api.lifecycle.AfterContainer;

/** The admission arithmetic properties on one Redis. */
class AdmissionScriptPropertiesIT extends AdmissionScriptProperties {

    private static RedisClient client;
    private static RedisStore store;

    @Override
    protected synchronized RedisStore store() {
        if (store == null) {
            client = RedisClient.create(TestServers.redisUri());
            store = new LettuceStore(client, null, new RedisConfig(16));
        }
        return store;
    }

    @AfterContainer
    static void close() {
        if (client != null) {
            client.shutdown();
        }
    }
}
