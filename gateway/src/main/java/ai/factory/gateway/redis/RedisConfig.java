package ai.factory.gateway.redis;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code gateway.redis.*}. One Redis is {@code redis.uri}; a cluster is {@code redis.uris} (a
 * list of some of its nodes), both Micronaut's own settings.
 *
 * @param shards how many hash tags tenants are spread over; each has its own usage stream. More
 *     shards spread a large cluster's load over more slots; every flusher reads every shard
 */
@ConfigurationProperties("gateway.redis")
public record RedisConfig(@Bindable(defaultValue = "16") int shards) {
}
