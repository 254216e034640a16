package ai.factory.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.GatewayFixture;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway's Redis client: its connections carry no synchronous-API proxy (its class
 * generation was a start-up cost), {@link RedisStore.Link#call} answers and fails as that API
 * did, and command latency is recorded as histogram buckets without client-side percentiles.
 */
class RedisClientFactoryIT {

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder().build();

    @Test
    void the_app_makes_its_redis_client_and_its_connections_without_the_sync_proxy() throws Exception {
        RedisClient client = gw.app().context().getBean(RedisClient.class);
        assertInstanceOf(LazySyncRedisClient.class, client, "Micronaut's default client was replaced");
        try (RedisStore.Link link = gw.app().context().getBean(RedisStore.class).connect()) {
            assertNull(eagerSync(link.connection()), "no proxy built with the connection");
            assertEquals("PONG", link.call(r -> r.ping()));
        }
    }

    @Test
    void redis_latency_is_recorded_as_buckets_without_client_side_percentiles() throws Exception {
        gw.app().context().getBean(RedisStore.class).async().ping().get();
        MeterRegistry registry = gw.app().context().getBean(MeterRegistry.class);
        List<Timer> timers = new ArrayList<>(registry.find("lettuce.command.completion").timers());
        assertFalse(timers.isEmpty(), "Lettuce's command latency is recorded");
        for (Timer timer : timers) {
            HistogramSnapshot snapshot = timer.takeSnapshot();
            assertEquals(0, snapshot.percentileValues().length, timer.getId() + ": no HdrHistogram percentiles");
            assertTrue(snapshot.histogramCounts().length > 0, timer.getId() + ": buckets for histogram_quantile");
        }
    }

    @Test
    void sync_is_built_when_first_asked_once_per_connection_and_works() throws Exception {
        RedisClient client = lazyClient();
        try (StatefulRedisConnection<String, String> c = client.connect();
             StatefulRedisPubSubConnection<String, String> p = client.connectPubSub()) {
            assertNull(eagerSync(c));
            assertNull(eagerSync(p));
            assertTrue(Proxy.isProxyClass(c.sync().getClass()));
            assertSame(c.sync(), c.sync());
            assertSame(p.sync(), p.sync());
            String key = "lazy-sync:" + UUID.randomUUID();
            assertEquals("OK", c.sync().set(key, "v"));
            assertEquals("v", c.sync().get(key));
            assertEquals("PONG", p.sync().ping());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void call_fails_as_the_sync_api_does() {
        RedisClient client = lazyClient();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisStore.Link link = new RedisStore.Link(c, c.async());
            String stream = "lazy-sync:stream:" + UUID.randomUUID();
            link.call(r -> r.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "g", XGroupCreateArgs.Builder.mkstream()));
            // UsageStream tells an existing group (BUSYGROUP) from other errors by this exception and message.
            RedisCommandExecutionException busy = assertThrows(RedisBusyException.class, () -> link.call(
                    r -> r.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "g", XGroupCreateArgs.Builder.mkstream())));
            assertTrue(busy.getMessage().startsWith("BUSYGROUP"), busy.getMessage());
            RedisCommandExecutionException noGroup = assertThrows(RedisCommandExecutionException.class, () -> link.call(
                    r -> r.xreadgroup(io.lettuce.core.Consumer.from("none", "c"), XReadArgs.StreamOffset.lastConsumed(stream))));
            assertTrue(noGroup.getMessage().startsWith("NOGROUP"), noGroup.getMessage());
            c.setTimeout(Duration.ofMillis(200));
            assertThrows(RedisCommandTimeoutException.class, () -> link.call(r -> r.blpop(5, "lazy-sync:empty:" + UUID.randomUUID())));
        } finally {
            client.shutdown();
        }
    }

    /** With resources of its own (null), which its shutdown releases. */
    private static RedisClient lazyClient() {
        return new LazySyncRedisClient(null, RedisURI.create(gw.redisUri()));
    }

    /** The field Lettuce fills in every connection's constructor. */
    private static Object eagerSync(Object connection) throws Exception {
        Field field = StatefulRedisConnectionImpl.class.getDeclaredField("sync");
        field.setAccessible(true);
        return field.get(connection);
    }
}
