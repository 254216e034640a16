package ai.factory.gateway.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis for the integration tests, started once per test JVM from the same
 * Maven packages as the local run. Every test class gets its own database, so tests never see
 * each other's tenants.
 */
public final class TestServers {

    private static EmbeddedPostgres postgres;
    private static RedisServer redis;
    private static int redisPort;
    private static int databases;

    private TestServers() {
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(Files.createTempDirectory("gateway-it-pg"))
                        .setCleanDataDirectory(true)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
        }
        return postgres;
    }

    /** A fresh, empty database on the shared server; Flyway migrates it when the app starts. */
    public static synchronized String newDatabaseUrl() {
        String name = "gw_test_" + (++databases);
        try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (Exception e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return "jdbc:postgresql://localhost:" + postgres().getPort() + "/" + name;
    }

    public static synchronized String redisUri() {
        if (redis == null) {
            redisPort = freePort();
            startRedis();
        }
        return "redis://127.0.0.1:" + redisPort;
    }

    /** Stops Redis (to test outages); {@link #startRedis()} brings it back on the same port. */
    public static synchronized void stopRedis() {
        if (redis != null) {
            try {
                redis.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static synchronized void startRedis() {
        try {
            Path dir = Files.createTempDirectory("gateway-it-redis");
            redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1")
                    .setting("dir " + dir).setting("save \"\"").setting("appendonly no")
                    // Each IT class that reads its ledger has a database of its own: its usage stream
                    // and consumer group are then its own, whatever ran before it.
                    .setting("databases 64").build();
            redis.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Redis", e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
