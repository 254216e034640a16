package ai.factory.gateway.ratelimit;

import ai.factory.gateway.redis.LettuceStore;
import ai.factory.gateway.redis.RedisConfig;
import ai.factory.gateway.redis.RedisStore;
import ai.factory.gateway.support.TestCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import net.jqwik.api.lifecycle.AfterContainer;

/** The admission arithmetic properties on a three-master Redis Cluster. */
class AdmissionScriptPropertiesClusterIT extends AdmissionScriptProperties {

    private static RedisClusterClient client;
    private static RedisStore store;

    @Override
    protected synchronized RedisStore store() {
        if (store == null) {
            client = RedisClusterClient.create(TestCluster.uris().stream().map(RedisURI::create).toList());
            store = new LettuceStore(null, client, new RedisConfig(16));
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
