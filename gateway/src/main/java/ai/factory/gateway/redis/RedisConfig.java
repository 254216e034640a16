package ai.factory.gateway.redis;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code gateway.redis.*}. One Redis is {@code redis.uri}; a cluster is {@code redis.uris} (a
 * list of some of its nodes), both Micronaut's own settings.
 */
@ConfigurationProperties("gateway.redis")
public final class RedisConfig {

    /**
     * How many hash tags tenants are spread over; each has its own usage stream. More shards
     * spread a large cluster's load over more slots; every flusher reads every shard.
     */
    private int shards = 16;

    public int getShards() {
        return shards;
    }

    public void setShards(int shards) {
        this.shards = shards;
    }
}
