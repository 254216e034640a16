package ai.factory.gateway.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.micronaut.configuration.lettuce.AbstractRedisConfiguration;
import io.micronaut.configuration.lettuce.ClientResourcesMutator;
import io.micronaut.configuration.lettuce.DefaultRedisClientFactory;
import io.micronaut.configuration.lettuce.DefaultRedisConfiguration;
import io.micronaut.configuration.lettuce.RedisSetting;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Micronaut's {@code redis.uri} client, as {@link DefaultRedisClientFactory} makes it (the same
 * settings, client resources and mutators), but a {@link LazySyncRedisClient}.
 */
@Factory
@Requires(beans = DefaultRedisConfiguration.class)
@Requires(missingProperty = RedisSetting.REDIS_URIS)
public class RedisClientFactory {

    @Bean(preDestroy = "shutdown")
    @Singleton
    @Primary
    @Replaces(value = RedisClient.class, factory = DefaultRedisClientFactory.class)
    public RedisClient redisClient(@Primary AbstractRedisConfiguration config,
            @Nullable @Primary ClientResources defaultResources, @Nullable List<ClientResourcesMutator> mutators) {
        ClientResources.Builder resources = defaultResources == null ? ClientResources.builder() : defaultResources.mutate();
        if (mutators != null) {
            mutators.forEach(mutator -> mutator.mutate(resources, config));
        }
        return new LazySyncRedisClient(resources.build(), config.getUri().orElse(config));
    }
}
