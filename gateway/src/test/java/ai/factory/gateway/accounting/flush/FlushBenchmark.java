package ai.factory.gateway.accounting.flush;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.redis.RedisStore;
import ai.factory.gateway.support.GatewayApp;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flush throughput: events per second from the stream into PostgreSQL (events, roll-ups, ack) by
 * one flusher. Not a test (no assertion, not picked up by *Test or *IT); run it with
 * {@code load-tests/scripts/flush-benchmark.sh}. The stream is filled first, so the figure is the
 * flusher's drain rate, not the producer's.
 */
class FlushBenchmark {

    @Test
    void drain_rate() throws Exception {
        int events = Integer.getInteger("flush.events", 100_000);
        int batch = Integer.getInteger("flush.batch", 500);
        int tenants = 20;
        Map<String, Object> props = UsageFixtures.appProperties(9);
        props.put("gateway.usage.flusher.enabled", false);
        try (GatewayApp app = GatewayApp.start(props)) {
            RedisClient client = UsageFixtures.redis(9);
            StatefulRedisConnection<String, String> connection = client.connect();
            connection.sync().flushdb();
            Instant base = Instant.now().minusSeconds(3600);
            List<RedisFuture<String>> inFlight = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                UsageEvent e = UsageFixtures.event("bench-" + i, "tenant-" + (i % tenants), "key-" + (i % 50),
                        i % 3 == 0 ? "chat-large" : "chat-default", base.plusMillis(i * 20L), 200 + i % 100, 80, 12_345);
                inFlight.add(connection.async().xadd(UsageEvent.STREAM, e.toFields()));
                if (inFlight.size() == 1000) {
                    LettuceFutures.awaitAll(Duration.ofSeconds(30), inFlight.toArray(RedisFuture[]::new));
                    inFlight.clear();
                }
            }
            LettuceFutures.awaitAll(Duration.ofSeconds(30), inFlight.toArray(RedisFuture[]::new));

            FlusherConfig config = new FlusherConfig(true, "flushers", "bench", batch, Duration.ofSeconds(1),
                    Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30),
                    Duration.ofSeconds(30), Duration.ZERO);
            UsageFlusher flusher = new UsageFlusher(app.context().getBean(RedisStore.class),
                    app.context().getBean(LedgerWriter.class), config);
            long start = System.nanoTime();
            flusher.start();
            while (flusher.landed() < events) {
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            flusher.stop();
            System.out.printf("FLUSH BENCHMARK: %d events (batch %d, %d tenants) landed in %.2f s = %.0f events/s%n",
                    events, batch, tenants, seconds, events / seconds);
            connection.close();
            client.shutdown();
        }
    }
}
