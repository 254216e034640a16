package ai.factory.gateway.auth;

import ai.factory.gateway.redis.RedisStore;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads key revocations to every gateway instance through Redis pub/sub, so a revoked key
 * stops working everywhere within milliseconds instead of when a cache entry happens to expire.
 * Lettuce re-subscribes by itself after a reconnect.
 */
@Context
public class KeyInvalidation {

    static final String CHANNEL = "gateway:keys:invalidate";
    private static final Logger LOG = LoggerFactory.getLogger(KeyInvalidation.class);

    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final StatefulRedisPubSubConnection<String, String> publisher;

    public KeyInvalidation(RedisStore redis, KeyAuthenticator authenticator) {
        this.subscriber = redis.connectPubSub();
        this.publisher = redis.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String keyHash) {
                authenticator.evict(keyHash);
            }
        });
        subscriber.sync().subscribe(CHANNEL);
    }

    /** Tells every instance (this one included) to forget the key. */
    public void publish(String keyHash) {
        publisher.async().publish(CHANNEL, keyHash).exceptionally(error -> {
            LOG.warn("could not publish a key revocation; other instances drop the key within their cache TTL", error);
            return 0L;
        });
    }

    @PreDestroy
    void close() {
        subscriber.close();
        publisher.close();
    }
}
