package ai.factory.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** Every channel of an instance on one subscriber connection, surviving a Redis restart. */
class ChannelsIT {

    private final int port = TestServers.freePort();
    private RedisServer server;
    private RedisClient client;
    private LettuceStore store;
    private Channels channels;

    @BeforeEach
    void start() throws Exception {
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
        server.start();
        client = RedisClient.create("redis://127.0.0.1:" + port);
        store = new LettuceStore(client, null, new RedisConfig(16));
        channels = new Channels(store);
    }

    @AfterEach
    void stop() throws Exception {
        channels.close();
        store.close();
        client.shutdown();
        server.stop();
    }

    @Test
    void two_channels_share_one_subscriber_connection_and_each_handler_gets_only_its_channel() {
        List<String> keys = new CopyOnWriteArrayList<>();
        List<String> policies = new CopyOnWriteArrayList<>();
        channels.subscribe("keys", keys::add);
        channels.subscribe("policies", policies::add);

        List<String> subscribers = subscriberConnections();
        assertEquals(1, subscribers.size(), "subscriber connections: " + subscribers);
        assertEquals(2, subscriptions(subscribers.get(0)));

        channels.publish("keys", "k1", "lost");
        channels.publish("policies", "t1", "lost");
        Await.until(Duration.ofSeconds(5), () -> keys.size() == 1 && policies.size() == 1, "both messages delivered");
        assertEquals(List.of("k1"), keys);
        assertEquals(List.of("t1"), policies);
    }

    @Test
    void a_second_handler_for_one_channel_is_refused() {
        channels.subscribe("keys", m -> { });
        assertThrows(IllegalStateException.class, () -> channels.subscribe("keys", m -> { }));
    }

    @Test
    void a_subscription_redis_does_not_confirm_fails_the_start_and_leaves_the_channel_free() throws Exception {
        server.stop();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> channels.subscribe("keys", m -> { }));
        assertTrue(e.getMessage().contains("keys"), e.getMessage());
        server.start();
        List<String> keys = new CopyOnWriteArrayList<>();
        channels.subscribe("keys", keys::add);
        channels.publish("keys", "k", "lost");
        Await.until(Duration.ofSeconds(5), () -> !keys.isEmpty(), "the later subscription works");
    }

    @Test
    void after_a_redis_restart_the_channels_are_subscribed_again() throws Exception {
        List<String> keys = new CopyOnWriteArrayList<>();
        List<String> policies = new CopyOnWriteArrayList<>();
        channels.subscribe("keys", keys::add);
        channels.subscribe("policies", policies::add);

        server.stop();
        server.start();
        // Lettuce reconnects on its own schedule; publish until its re-subscription has landed.
        Await.until(Duration.ofSeconds(30), () -> {
            channels.publish("keys", "k", "lost");
            channels.publish("policies", "t", "lost");
            return !keys.isEmpty() && !policies.isEmpty();
        }, "messages delivered after the restart");
        assertEquals(1, subscriberConnections().size());
    }

    /** CLIENT LIST lines of connections subscribed to at least one channel. */
    private List<String> subscriberConnections() {
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            return Arrays.stream(admin.sync().clientList().split("\n"))
                    .filter(line -> subscriptions(line) > 0)
                    .toList();
        }
    }

    private static int subscriptions(String clientLine) {
        for (String field : clientLine.trim().split(" ")) {
            if (field.startsWith("sub=")) {
                return Integer.parseInt(field.substring(4));
            }
        }
        return 0;
    }
}
