package ai.factory.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * While the connection to Redis is down, commands fail at once instead of queueing until they
 * time out. That is what lets the request path tell "Redis is gone" (apply the fail-open or
 * fail-closed policy now) from "Redis is slow" (wait), and it keeps a queue of stale
 * reservations from replaying when the connection comes back.
 */
@Singleton
public class RedisClientOptions implements BeanCreatedEventListener<RedisClient> {

    @Override
    public RedisClient onCreated(BeanCreatedEvent<RedisClient> event) {
        RedisClient client = event.getBean();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return client;
    }
}
