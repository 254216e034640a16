package ai.factory.gateway.accounting.spool;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis goes away: events wait in the local spool and reach the ledger once it is back. */
class SpoolReplayIT {

    private static final int REDIS_DB = 4;

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(REDIS_DB)
            .properties(UsageFixtures.quickFlush())
            .build();

    private static long rows() {
        return count(gw.jdbcUrl(), "select count(*) from usage_events where tenant_id = 'spooled'");
    }

    private static long spoolFiles() throws Exception {
        Path spoolDir = Path.of((String) gw.properties().get("gateway.usage.spool-dir"));
        if (!Files.isDirectory(spoolDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spoolDir)) {
            return files.count();
        }
    }

    @Test
    void events_spooled_while_redis_is_down_are_replayed_into_the_ledger_once(GatewayApp app) throws Exception {
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(UsageFixtures.event("spooled-" + i, "spooled", "key-1", "chat-default",
                    Instant.parse("2025-03-01T10:00:00Z").plusSeconds(i), 100, 10, 500));
        }
        // The first event reached Redis before the outage; the hot path spools it again anyway
        // (it could not tell whether its XADD landed): the ledger must count it once.
        RedisClient client = RedisClient.create(gw.redisUri());
        UsageFixtures.xadd(client.connect().sync(), events.get(0));
        client.shutdown();
        until(Duration.ofSeconds(20), () -> rows() == 1, "the pre-outage event to land");

        UsageSpool spool = app.context().getBean(UsageSpool.class);
        try {
            TestServers.stopRedis();
            events.forEach(spool::append);
            // Give the spool's replay (every 200 ms) its chances to land something it must not.
            Await.quiet(Duration.ofMillis(1500));
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
        assertEquals(25, count(gw.jdbcUrl(), "select sum(requests) from usage_day where tenant_id = 'spooled'"));
        assertEquals(2500, count(gw.jdbcUrl(), "select sum(input_tokens) from usage_hour where tenant_id = 'spooled'"));
    }
}
