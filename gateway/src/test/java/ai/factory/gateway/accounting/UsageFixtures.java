package ai.factory.gateway.accounting;

import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;

/**
 * Usage events and plumbing for the accounting and usage tests. Each test class reads and writes
 * its own Redis database (the number in the URI), so its stream and consumer group are its own
 * even though every class shares one Redis server.
 */
public final class UsageFixtures {

    private UsageFixtures() {
    }

    public static UsageEvent event(String requestId, String tenant, String key, String model, Instant at,
            long input, long output, long costNanos) {
        return new UsageEvent(requestId, at.toEpochMilli(), tenant, key, null, "chat", model, model + "-served",
                "gpu", "http://gpu-1", input, output, 0, costNanos, UsageEvent.OK, false, 0, 120, 30, false, 200);
    }

    public static String redisUri(int database) {
        return TestServers.redisUri() + "/" + database;
    }

    /** A gateway on a fresh database and its own Redis database, with quick flusher and spool timings. */
    public static Map<String, Object> appProperties(int redisDatabase) {
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        props.put("redis.uri", redisUri(redisDatabase));
        props.putAll(quickFlush());
        props.put("gateway.usage.spool-dir", tempDir().toString());
        return props;
    }

    /** Flusher and spool timings short enough that a test sees its events land within seconds. */
    public static Map<String, Object> quickFlush() {
        return Map.of(
                "gateway.usage.flusher.block", "200ms",
                "gateway.usage.flusher.claim-idle", "1s",
                "gateway.usage.flusher.claim-interval", "300ms",
                "gateway.usage.flusher.trim-interval", "1s",
                "gateway.usage.flusher.max-backoff", "1s",
                "gateway.usage.spool-replay-interval", "200ms");
    }

    public static void xadd(RedisCommands<String, String> redis, UsageEvent... events) {
        for (UsageEvent e : events) {
            redis.xadd(UsageEvent.STREAM, e.toFields());
        }
    }

    public static RedisClient redis(int database) {
        return RedisClient.create(redisUri(database));
    }

    public static long count(String jdbcUrl, String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("gateway-usage-spool");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
