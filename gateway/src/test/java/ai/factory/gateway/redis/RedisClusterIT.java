package ai.factory.gateway.redis;

import ai.factory.gateway.support.TestCluster;
import java.util.Map;

/** The Redis contract on a three-master Redis Cluster ({@code redis.uris}). */
class RedisClusterIT extends RedisTopologyContract {

    @Override
    protected void useRedis(Map<String, Object> props) {
        props.put("redis.uris", TestCluster.uris());
    }
}
