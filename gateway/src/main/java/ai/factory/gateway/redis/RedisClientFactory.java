package ai.factory.gateway.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.ClientResourcesMutator;
import io.micronaut.configuration.lettuce.DefaultRedisClientFactory;
import io.micronaut.configuration.lettuce.DefaultRedisClusterClientFactory;
import io.micronaut.configuration.lettuce.DefaultRedisConfiguration;
import io.micronaut.configuration.lettuce.RedisSetting;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Micronaut's Redis clients, as {@link DefaultRedisClientFactory} ({@code redis.uri}) and
 * {@link DefaultRedisClusterClientFactory} ({@code redis.uris}) make them (the same settings,
 * client resources and mutators), but a {@link LazySyncRedisClient} and a
 * {@link LazySyncRedisClusterClient}.
 */
@Factory
@Requires(beans = DefaultRedisConfiguration.class)
public class RedisClientFactory {

    @Bean(preDestroy = "shutdown")
    @Singleton
    @Primary
    @Requires(missingProperty = RedisSetting.REDIS_URIS)
    @Replaces(value = RedisClient.class, factory = DefaultRedisClientFactory.class)
    public RedisClient redisClient(@Primary AbstractRedisConfiguration config,
            @Nullable @Primary ClientResources defaultResources, @Nullable List<ClientResourcesMutator> mutators) {
        return new LazySyncRedisClient(resources(config, defaultResources, mutators), config.getUri().orElse(config));
    }

    @Bean(preDestroy = "shutdown")
    @Singleton
    @Primary
    @Requires(property = RedisSetting.REDIS_URIS)
    @Replaces(value = RedisClusterClient.class, factory = DefaultRedisClusterClientFactory.class)
    public RedisClusterClient redisClusterClient(@Primary AbstractRedisConfiguration config,
            @Nullable @Primary ClientResources defaultResources, @Nullable List<ClientResourcesMutator> mutators) {
        List<RedisURI> uris = config.getUris();
        if (uris == null || uris.isEmpty()) {
            throw new ConfigurationException("Redis URIs must be specified");
        }
        return new LazySyncRedisClusterClient(resources(config, defaultResources, mutators), uris);
    }

    private static ClientResources resources(AbstractRedisConfiguration config, @Nullable ClientResources defaults,
            @Nullable List<ClientResourcesMutator> mutators) {
        ClientResources.Builder resources = defaults == null ? ClientResources.builder() : defaults.mutate();
        if (mutators != null) {
            mutators.forEach(mutator -> mutator.mutate(resources, config));
        }
        return resources.build();
    }
}
