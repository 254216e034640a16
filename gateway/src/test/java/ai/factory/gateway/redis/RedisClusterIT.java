package ai.factory.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.TestCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Redis contract on a three-master Redis Cluster ({@code redis.uris}). */
class RedisClusterIT extends RedisTopologyContract {

    @Override
    protected boolean isCluster() {
        return true;
    }

    @Override
    protected void useRedis(Map<String, Object> props) {
        props.put("redis.uris", TestCluster.uris());
    }

    @Test
    void the_cluster_has_three_masters_serving_every_slot() {
        RedisClient client = RedisClient.create(TestCluster.uris().get(0));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            String info = c.sync().clusterInfo();
            assertTrue(info.contains("cluster_state:ok") && info.contains("cluster_size:3")
                    && info.contains("cluster_slots_assigned:16384"), info);
        } finally {
            client.shutdown();
        }
    }
}
