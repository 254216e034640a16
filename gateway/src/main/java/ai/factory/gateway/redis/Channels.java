package ai.factory.gateway.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's Redis pub/sub: one subscriber connection for every channel, and publishing over
 * the shared connection (PUBLISH needs no connection of its own). Each connection costs a TCP and
 * RESP handshake at start-up; four of them were a tenth of the start's main-thread samples.
 * Lettuce re-subscribes every channel by itself after a reconnect.
 */
@Singleton
public class Channels {

    private static final Logger LOG = LoggerFactory.getLogger(Channels.class);
    private static final long SUBSCRIBE_TIMEOUT_SECONDS = 10;

    private final RedisStore redis;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final Map<String, Consumer<String>> handlers = new ConcurrentHashMap<>();

    public Channels(RedisStore redis) {
        this.redis = redis;
        this.subscriber = redis.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                Consumer<String> handler = handlers.get(channel);
                if (handler != null) {
                    handler.accept(message);
                }
            }
        });
    }

    /**
     * Calls {@code handler} with every message on {@code channel}; returns once Redis confirmed the
     * subscription, so nothing published afterwards is missed. At start-up only: it blocks.
     */
    public void subscribe(String channel, Consumer<String> handler) {
        if (handlers.putIfAbsent(channel, handler) != null) {
            throw new IllegalStateException("channel " + channel + " already has a handler");
        }
        try {
            // async() rather than sync(): Lettuce builds the sync facade as a reflective proxy.
            subscriber.async().subscribe(channel).get(SUBSCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while subscribing to " + channel, e);
        } catch (ExecutionException | TimeoutException e) {
            handlers.remove(channel);
            throw new IllegalStateException("could not subscribe to Redis channel " + channel, e);
        }
    }

    /** Sends {@code message} to every instance's handler (this one's included); a failure is only logged. */
    public void publish(String channel, String message, String whenLost) {
        redis.async().publish(channel, message).exceptionally(error -> {
            LOG.warn("could not publish on {}; {}", channel, whenLost, error);
            return 0L;
        });
    }

    @PreDestroy
    void close() {
        // Micronaut may have shut the Redis client (and its connections) down first.
        if (subscriber.isOpen()) {
            subscriber.close();
        }
    }
}
