package ai.factory.gateway.redis;

import ai.factory.gateway.support.TestServers;
import java.util.Map;

/** The Redis contract on one Redis ({@code redis.uri}). */
class OneRedisIT extends RedisTopologyContract {

    @Override
    protected boolean isCluster() {
        return false;
    }

    @Override
    protected void useRedis(Map<String, Object> props) {
        props.put("redis.uri", TestServers.redisUri());
    }
}
