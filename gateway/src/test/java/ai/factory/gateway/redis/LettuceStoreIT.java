package ai.factory.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** The store's start-up connections, opened in the background, against a real Redis. */
class LettuceStoreIT {

    private final int port = TestServers.freePort();
    private RedisServer server;
    private RedisClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void a_redis_that_cannot_be_reached_fails_the_start_before_the_server_takes_requests() {
        client = RedisClient.create("redis://127.0.0.1:" + port);
        LettuceStore store = new LettuceStore(client, null, new RedisConfig(16));
        assertThrows(RedisConnectionException.class, () -> store.onApplicationEvent(null));
        assertThrows(RedisConnectionException.class, store::async);
        store.close(); // nothing was opened, nothing to close
    }

    @Test
    void the_first_pub_sub_connection_is_the_one_opened_at_start_and_later_ones_are_new() throws Exception {
        startRedis();
        LettuceStore store = new LettuceStore(client, null, new RedisConfig(16));
        StatefulRedisPubSubConnection<String, String> first = store.connectPubSub();
        StatefulRedisPubSubConnection<String, String> second = store.connectPubSub();
        assertNotSame(first, second);
        assertTrue(first.isOpen() && second.isOpen());
        assertEquals("PONG", store.async().ping().toCompletableFuture().join());
        assertEquals(4, clients(), "shared + two pub/sub + this test's own");
        first.close();
        second.close();
        store.close();
        Await.until(Duration.ofSeconds(5), () -> clients() == 1, "only this test's connection is left");
    }

    @Test
    void closing_closes_the_start_up_connections_even_those_nobody_took() throws Exception {
        startRedis();
        LettuceStore store = new LettuceStore(client, null, new RedisConfig(16));
        Await.until(Duration.ofSeconds(5), () -> clients() == 3, "both start-up connections opened by themselves");
        store.close();
        Await.until(Duration.ofSeconds(5), () -> clients() == 1, "only this test's connection is left");
    }

    private void startRedis() throws Exception {
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
        server.start();
        client = RedisClient.create("redis://127.0.0.1:" + port);
    }

    /** Connections Redis has open now, this test's own included. */
    private long clients() {
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            return admin.sync().clientList().lines().filter(line -> !line.isBlank()).count();
        }
    }
}
