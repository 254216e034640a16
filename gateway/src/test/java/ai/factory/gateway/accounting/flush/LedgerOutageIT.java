package ai.factory.gateway.accounting.flush;

import static ai.factory.gateway.accounting.UsageFixtures.count;
import static ai.factory.gateway.support.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL goes away under a running flusher: events wait in the stream, unacknowledged, and
 * land when it returns. The gateway gets a PostgreSQL of its own, restarted on the same port and
 * data directory, so the shared one other tests use is never touched.
 */
class LedgerOutageIT {

    private static final int REDIS_DB = 5;
    private static final int PORT = TestServers.freePort();
    private static final String JDBC = "jdbc:postgresql://localhost:" + PORT + "/postgres";
    private static final Path DIR = dataDirectory();
    // Started as the class loads, before the fixture's gateway, which migrates it at its start.
    private static EmbeddedPostgres postgres = startPostgres();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(REDIS_DB)
            .properties(UsageFixtures.quickFlush())
            .property("datasources.default.url", JDBC)
            .property("datasources.default.connection-timeout", 1000)
            .build();

    @AfterAll
    static void stopPostgres() throws IOException {
        gw.app().close(); // before its PostgreSQL goes away; the fixture's close is then a no-op
        postgres.close();
    }

    private static Path dataDirectory() {
        try {
            return Files.createTempDirectory("gateway-it-pg-outage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().setDataDirectory(DIR).setCleanDataDirectory(false).setPort(PORT).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UsageEvent event(int i) {
        return UsageFixtures.event("outage-" + i, "outage", "key-1", "chat-default",
                Instant.parse("2025-03-01T10:00:00Z").plusSeconds(i), 7, 3, 11);
    }

    @Test
    void events_wait_in_the_stream_while_postgres_is_down_and_land_when_it_returns(GatewayApp app) throws Exception {
        RedisClient client = RedisClient.create(gw.redisUri());
        RedisCommands<String, String> redis = client.connect().sync();
        try {
            for (int i = 0; i < 5; i++) {
                UsageFixtures.xadd(redis, event(i));
            }
            until(Duration.ofSeconds(20), () -> count(JDBC, "select count(*) from usage_events") == 5, "the first 5");

            postgres.close();
            for (int i = 5; i < 15; i++) {
                UsageFixtures.xadd(redis, event(i));
            }
            // Give the flusher time to try (and fail) to land them: they must stay in the stream.
            Await.quiet(Duration.ofSeconds(3));
            java.util.Set<String> inStream = new java.util.HashSet<>();
            redis.xrange(UsageEvent.STREAM, io.lettuce.core.Range.create("-", "+"))
                    .forEach(m -> inStream.add(m.getBody().get("request_id")));
            for (int i = 5; i < 15; i++) {
                assertTrue(inStream.contains("outage-" + i), "outage-" + i + " is still in the stream");
            }
            assertEquals(5, app.context().getBean(UsageFlusher.class).landed());

            postgres = startPostgres();
            until(Duration.ofSeconds(60), () -> count(JDBC, "select count(*) from usage_events") == 15,
                    "the 10 waiting events to land once PostgreSQL is back");
            until(Duration.ofSeconds(10), () -> redis.xpending(UsageEvent.STREAM, "flushers").getCount() == 0,
                    "everything acknowledged");
            assertEquals(15, count(JDBC, "select sum(requests) from usage_minute where tenant_id = 'outage'"));
        } finally {
            client.shutdown();
        }
    }
}
