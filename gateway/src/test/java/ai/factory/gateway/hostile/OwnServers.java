package ai.factory.gateway.hostile;

import ai.factory.gateway.support.TestServers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A Redis and a PostgreSQL of the suite's own, which it may stop and start on the same port and
 * data directory (as an operator restarts them), without touching the servers other tests share.
 */
final class OwnServers {

    private OwnServers() {
    }

    /** A Redis that persists like a production one: every write to the append-only file, kept across restarts. */
    static final class Redis implements AutoCloseable {
        final int port = TestServers.freePort();
        private final Path dir;
        private RedisServer server;

        Redis() {
            try {
                dir = Files.createTempDirectory("hostile-redis");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            start();
        }

        String uri() {
            return "redis://127.0.0.1:" + port;
        }

        void start() {
            try {
                server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("dir " + dir)
                        .setting("save \"\"").setting("appendonly yes").setting("appendfsync always").build();
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the suite's Redis", e);
            }
        }

        void stop() {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    /** A PostgreSQL on a fixed port and data directory, so a restart brings the same database back. */
    static final class Postgres implements AutoCloseable {
        final int port = TestServers.freePort();
        private final Path dir;
        private EmbeddedPostgres server;

        Postgres() {
            try {
                dir = Files.createTempDirectory("hostile-pg");
                server = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port).start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the suite's PostgreSQL", e);
            }
        }

        String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/postgres";
        }

        void stop() {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void start() {
            try {
                server = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port).start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not restart the suite's PostgreSQL", e);
            }
        }

        @Override
        public void close() {
            stop();
        }
    }
}
