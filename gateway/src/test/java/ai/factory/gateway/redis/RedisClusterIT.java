package ai.factory.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.TestCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.StatefulRedisClusterConnectionImpl;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Redis contract on a three-master Redis Cluster ({@code redis.uris}). */
class RedisClusterIT extends RedisTopologyContract {

    @Override
    protected boolean isCluster() {
        return true;
    }

    @Override
    protected void useRedis(Map<String, Object> props) {
        props.put("redis.uris", TestCluster.uris());
    }

    @Test
    void the_cluster_has_three_masters_serving_every_slot() {
        RedisClient client = RedisClient.create(TestCluster.uris().get(0));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            String info = c.sync().clusterInfo();
            assertTrue(info.contains("cluster_state:ok") && info.contains("cluster_size:3")
                    && info.contains("cluster_slots_assigned:16384"), info);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void the_apps_cluster_client_and_its_connections_build_the_sync_api_only_when_asked() throws Exception {
        RedisClusterClient client = app().context().getBean(RedisClusterClient.class);
        assertInstanceOf(LazySyncRedisClusterClient.class, client, "Micronaut's default cluster client was replaced");
        try (StatefulRedisClusterConnection<String, String> cluster = client.connect()) {
            assertNull(field(StatefulRedisClusterConnectionImpl.class, "sync", cluster), "no proxy with the cluster connection");
            String nodeId = cluster.getPartitions().getPartition(0).getNodeId();
            StatefulRedisConnection<String, String> node = cluster.getConnection(nodeId);
            assertNull(field(StatefulRedisConnectionImpl.class, "sync", node), "no proxy with a node connection");

            String key = "lazy-cluster:" + UUID.randomUUID();
            assertEquals("OK", cluster.sync().set(key, "v"));
            assertEquals("v", cluster.sync().get(key));
            assertSame(cluster.sync(), cluster.sync());
            assertTrue(Proxy.isProxyClass(cluster.sync().getClass()));
            assertEquals("PONG", node.sync().ping());
        }
        try (RedisStore.Link link = app().context().getBean(RedisStore.class).connect()) {
            assertEquals("PONG", link.call(r -> r.ping()));
        }
    }

    /** The sync field Lettuce fills in a connection's constructor. */
    private static Object field(Class<?> type, String name, Object connection) throws Exception {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(connection);
    }
}
