package ai.factory.gateway.accounting.spool;

import static ai.factory.gateway.accounting.UsageFixtures.count;
import static ai.factory.gateway.support.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Redis goes away: events wait in the local spool and reach the ledger once it is back. */
class SpoolReplayIT {

    private static final int REDIS_DB = 4;
    private static GatewayApp app;
    private static String jdbc;
    private static Path spoolDir;

    @BeforeAll
    static void start() {
        Map<String, Object> props = UsageFixtures.appProperties(REDIS_DB);
        app = GatewayApp.start(props);
        jdbc = (String) props.get("datasources.default.url");
        spoolDir = Path.of((String) props.get("gateway.usage.spool-dir"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static long rows() {
        return count(jdbc, "select count(*) from usage_events where tenant_id = 'spooled'");
    }

    private static long spoolFiles() throws Exception {
        if (!Files.isDirectory(spoolDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spoolDir)) {
            return files.count();
        }
    }

    @Test
    void events_spooled_while_redis_is_down_are_replayed_into_the_ledger_once() throws Exception {
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(UsageFixtures.event("spooled-" + i, "spooled", "key-1", "chat-default",
                    Instant.parse("2025-03-01T10:00:00Z").plusSeconds(i), 100, 10, 500));
        }
        // The first event reached Redis before the outage; the hot path spools it again anyway
        // (it could not tell whether its XADD landed): the ledger must count it once.
        RedisClient client = UsageFixtures.redis(REDIS_DB);
        UsageFixtures.xadd(client.connect().sync(), events.get(0));
        client.shutdown();
        until(Duration.ofSeconds(20), () -> rows() == 1, "the pre-outage event to land");

        UsageSpool spool = app.context().getBean(UsageSpool.class);
        try {
            TestServers.stopRedis();
            events.forEach(spool::append);
            Thread.sleep(1500);
            assertEquals(1, rows(), "nothing can land while Redis is away");
            assertTrue(spoolFiles() > 0, "the spool holds the events");
        } finally {
            TestServers.startRedis();
        }
        until(Duration.ofSeconds(60), () -> rows() == 25, "all spooled events to land after Redis returned");
        until(Duration.ofSeconds(10), () -> {
            try {
                return spoolFiles() == 0;
            } catch (Exception e) {
                return false;
            }
        }, "replayed spool files to be deleted");
        assertEquals(25, count(jdbc, "select sum(requests) from usage_day where tenant_id = 'spooled'"));
        assertEquals(2500, count(jdbc, "select sum(input_tokens) from usage_hour where tenant_id = 'spooled'"));
    }
}
