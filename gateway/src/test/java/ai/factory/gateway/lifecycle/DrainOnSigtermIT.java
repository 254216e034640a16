package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a real second JVM (the production artifact) while it streams an answer: it stops
 * taking requests, finishes the stream within the grace period, settles it, lands its usage in
 * the ledger and leaves the consumer group before it exits.
 */
class DrainOnSigtermIT {

    /**
     * A Redis database of its own: the shared one's usage stream carries what earlier classes left
     * undelivered, and the shutdown drain reads a bounded number of batches, oldest first.
     */
    private static final String REDIS = TestServers.redisUri() + "/21";

    @Test
    void finishes_the_stream_in_flight_lands_its_usage_and_leaves_the_group() throws Exception {
        String database = TestServers.newDatabaseUrl();
        // Up to 40 tokens, 100 ms apart: a stream of seconds to send SIGTERM into.
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).ttftMillis(20).interTokenMillis(100).build())) {
            Path pools = GatewayProcess.poolsFile(emulator.baseUrl(), Map.of());
            try (GatewayProcess gateway = GatewayProcess.start(GatewayProcess.PRODUCTION_JAR, database, pools, Map.of("REDIS_URI", REDIS))) {
                gateway.awaitOk("/health/readiness", Duration.ofSeconds(90));
                String key = gateway.newKey("drain");

                List<String> lines = new CopyOnWriteArrayList<>();
                CountDownLatch firstChunk = new CountDownLatch(1);
                HttpRequest stream = HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                        .header("authorization", "Bearer " + key).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                Bodies.chat("chat-default").stream().maxTokens(40).user("tell me a story").json()))
                        .build();
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                CompletableFuture<HttpResponse<Void>> response = client.sendAsync(stream,
                        responseInfo -> HttpResponse.BodySubscribers
                                .fromLineSubscriber(new LineCollector(lines, firstChunk)));
                assertTrue(firstChunk.await(30, TimeUnit.SECONDS), "no chunk arrived");

                int linesAtSigterm = lines.size();
                gateway.process.destroy(); // SIGTERM, mid-stream

                // A new request is no longer taken while the stream drains: give the signal its moment first.
                Await.quiet(Duration.ofMillis(300));
                int refused;
                try {
                    refused = gateway.get("/v1/models").statusCode();
                } catch (IllegalStateException connectionRefused) {
                    refused = -1;
                }
                assertNotEquals(200, refused, "took a new request after SIGTERM");

                assertEquals(200, response.get(30, TimeUnit.SECONDS).statusCode());
                assertTrue(gateway.process.waitFor(60, TimeUnit.SECONDS), "no exit after SIGTERM:\n" + gateway.logText());
                String log = gateway.logText();
                assertEquals("data: [DONE]", lastData(lines), "stream cut short:\n" + lines + "\n" + log);
                assertTrue(lines.size() > linesAtSigterm + 4, "nothing streamed after SIGTERM: " + lines);
                long tokens = lines.stream().filter(l -> l.startsWith("data: {") && l.contains("\"content\":\"")
                        && !l.contains("\"content\":\"\"")).count();

                try (Connection c = DriverManager.getConnection(database, "postgres", "");
                        ResultSet rs = c.createStatement().executeQuery(
                                "select status, output_tokens, estimated from usage_events where tenant_id = 'drain'")) {
                    assertTrue(rs.next(), "the drained stream's usage is not in the ledger:\n" + log);
                    assertEquals("ok", rs.getString(1));
                    assertEquals(tokens, rs.getLong(2), "output tokens of the whole stream");
                    assertFalse(rs.getBoolean(3));
                    assertFalse(rs.next(), "counted twice");
                }
                assertTrue(log.contains("drained and left group"), log);
                RedisClient redis = RedisClient.create(REDIS);
                try (ConsumerJanitor janitor = new ConsumerJanitor(redis, List.of("gateway:usage"), "flushers")) {
                    String name = "-" + gateway.process.pid();
                    assertTrue(janitor.consumers("gateway:usage").stream().noneMatch(i -> i.name().endsWith(name)),
                            janitor.consumers("gateway:usage").toString());
                } finally {
                    redis.shutdown();
                }
            }
        }
    }

    private static String lastData(List<String> lines) {
        String last = null;
        for (String line : lines) {
            if (line.startsWith("data:")) {
                last = line;
            }
        }
        return last;
    }

    /** Collects the stream's lines and signals the first content chunk. */
    private record LineCollector(List<String> lines, CountDownLatch firstChunk)
            implements java.util.concurrent.Flow.Subscriber<String> {
        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
            if (line.contains("\"content\"")) {
                firstChunk.countDown();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            lines.add("ERROR " + throwable);
        }

        @Override
        public void onComplete() {
        }
    }
}
