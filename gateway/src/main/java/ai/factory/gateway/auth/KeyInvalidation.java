package ai.factory.gateway.auth;

import ai.factory.gateway.redis.Channels;
import io.micronaut.context.annotation.Context;

/**
 * Spreads key revocations to every gateway instance through Redis pub/sub, so a revoked key
 * stops working everywhere within milliseconds instead of when a cache entry happens to expire.
 * The subscription shares the instance's one pub/sub connection ({@link Channels}).
 */
@Context
public class KeyInvalidation {

    static final String CHANNEL = "gateway:keys:invalidate";
    private final Channels channels;

    public KeyInvalidation(Channels channels, KeyAuthenticator authenticator) {
        this.channels = channels;
        channels.subscribe(CHANNEL, authenticator::evict);
    }

    /** Tells every instance (this one included) to forget the key. */
    public void publish(String keyHash) {
        channels.publish(CHANNEL, keyHash, "other instances drop the key within their cache TTL");
    }
}
