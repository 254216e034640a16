package ai.factory.gateway.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.embedded.RedisShardedCluster;

/**
 * A real Redis Cluster of three masters (no replicas) for the integration tests, started once per
 * test JVM from the same embedded-redis package as {@link TestServers}. Each node needs its port
 * and its cluster-bus port (port + 10000) free, so ports are picked in pairs.
 */
public final class TestCluster {

    private static RedisShardedCluster cluster;
    private static List<Integer> ports;

    private TestCluster() {
    }

    /** The nodes' URIs, for {@code redis.uris}. */
    public static synchronized List<String> uris() {
        if (cluster == null) {
            ports = freePortPairs(3);
            try {
                // The ports first: each shard takes its port when it is declared.
                cluster = RedisShardedCluster.newRedisCluster()
                        .serverPorts(ports)
                        .shard("master1", 0).shard("master2", 0).shard("master3", 0)
                        .build();
                cluster.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded Redis Cluster", e);
            }
            awaitClusterOk();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    cluster.stop();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
    }

    /**
     * start() returns once the slots are assigned, but each node reports CLUSTERDOWN until it has
     * heard from the others through the bus: wait until every node says the cluster is ok.
     */
    private static void awaitClusterOk() {
        List<RedisClient> clients = ports.stream().map(p -> RedisClient.create("redis://127.0.0.1:" + p)).toList();
        try {
            List<StatefulRedisConnection<String, String>> nodes = clients.stream().map(RedisClient::connect).toList();
            Await.until(Duration.ofSeconds(30),
                    () -> nodes.stream().allMatch(c -> c.sync().clusterInfo().contains("cluster_state:ok")),
                    "every node of the embedded Redis Cluster on ports " + ports + " to say cluster_state:ok");
        } finally {
            clients.forEach(RedisClient::shutdown);
        }
    }

    private static List<Integer> freePortPairs(int count) {
        List<Integer> found = new ArrayList<>();
        while (found.size() < count) {
            int port = TestServers.freePort();
            if (port < 55_000 && !found.contains(port) && free(port + 10_000)) {
                found.add(port);
            }
        }
        return found;
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
