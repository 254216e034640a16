package ai.factory.gateway.ratelimit.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.ratelimit.RateLimiter;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway killed with SIGKILL in the middle of streams loses no usage: a second, real gateway
 * process on the same PostgreSQL and Redis finds the dead one's reservations expired and bills
 * each request once, estimated, within the lease time. And a stream longer than the lease ttl
 * keeps its concurrency slot until it ends.
 */
class GatewayCrashIT {

    private static final int DB = 20;
    private static final Duration LEASE_TTL = Duration.ofSeconds(3);
    private static final int STREAMS = 3;

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(DB)
            .properties(UsageFixtures.quickFlush())
            .property("gateway.ratelimit.lease-ttl", LEASE_TTL.toSeconds() + "s")
            // 200 ms between tokens: a 200-token answer streams for 40 s, far past the kill.
            .emulator("slow", EmulatorConfig.builder().ttftMillis(10).interTokenMillis(200))
            .alias("chat-default", "slow")
            .tenant("victim").tenant("marathon")
            .build();

    private static GatewayApp survivor;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() {
        survivor = gw.app();
        client = RedisClient.create(gw.redisUri());
        redis = client.connect();
    }

    @AfterAll
    static void stop() {
        redis.close();
        client.shutdown();
    }

    /** The same configuration as the survivor's, in a gateway JVM of its own on a free port. */
    private static Process startVictim(int port, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        Map<String, Object> own = gw.properties();
        own.put("micronaut.server.port", port);
        own.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("ai.factory.gateway.Application");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitHealthy(Process victim, int port, Path log) throws Exception {
        boolean healthy = Await.holds(Duration.ofSeconds(120), () -> {
            if (!victim.isAlive()) {
                throw new AssertionError("the victim gateway exited: " + read(log));
            }
            return health(port) == 200;
        });
        if (!healthy) {
            throw new AssertionError("the victim gateway never became healthy: " + Files.readString(log));
        }
    }

    private static int health(int port) {
        try {
            return survivor.http().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the victim", e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private record Stream(String requestId, BufferedReader reader) {
    }

    /**
     * Opens a streamed chat of exactly {@code maxTokens} tokens (the emulator's {@code ignore_eos})
     * and reads its first chunks, so the answer is well under way.
     */
    private static Stream open(String base, String key, int maxTokens) throws Exception {
        HttpResponse<InputStream> response = survivor.http().send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Bodies.chat("chat-default").user("tell me a long story").stream()
                        .put("ignore_eos", true).maxTokens(maxTokens).json()))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        int chunks = 0;
        String line;
        while (chunks < 3 && (line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                chunks++;
            }
        }
        return new Stream(response.headers().firstValue("x-request-id").orElseThrow(), reader);
    }

    private static String url() {
        return gw.jdbcUrl();
    }

    private static RedisKeys keys() {
        return survivor.context().getBean(RateLimiter.class).keys();
    }

    private static String dailyCounter(String tenant) {
        // The daily token budget: a field of the tenant scope's hash.
        return "dtok:" + DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
    }

    @Test
    void streams_of_a_gateway_killed_mid_stream_are_billed_once_estimated_within_the_lease_time(@Key("victim") String key)
            throws Exception {
        String tenant = "victim";
        Admin.policy(survivor, tenant, "{\"concurrency\":10,\"daily_tokens\":1000000}");
        int port = TestServers.freePort();
        Path log = Files.createTempFile("victim-gateway", ".log");
        Process victim = startVictim(port, log);
        List<String> ids = new ArrayList<>();
        try {
            awaitHealthy(victim, port, log);
            for (int i = 0; i < STREAMS; i++) {
                ids.add(open("http://localhost:" + port, key, 200).requestId());
            }
            Await.quiet(LEASE_TTL.dividedBy(2)); // a renewal records the tokens streamed so far
        } finally {
            victim.destroyForcibly(); // SIGKILL: no shutdown hook, no settle
            victim.waitFor();
        }
        long killed = System.nanoTime();
        for (String id : ids) {
            Await.until(Duration.ofSeconds(30), () -> UsageFixtures.count(url(),
                    "select count(*) from usage_events where request_id = ?", id) == 1, "the killed stream " + id + " billed");
        }
        long landedMillis = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("usage of " + STREAMS + " killed streams in the ledger " + landedMillis + " ms after the kill"
                + " (lease ttl " + LEASE_TTL.toMillis() + " ms)");
        for (String id : ids) {
            assertEquals(1, UsageFixtures.count(url(), "select count(*) from usage_events where request_id = ? and estimated"
                    + " and status = 'error' and input_tokens > 0", id), "billed estimated: " + id);
        }
        Await.quiet(Duration.ofMillis(1500)); // one more sweep and flush: nothing is billed twice
        assertEquals(STREAMS, UsageFixtures.count(url(), "select count(*) from usage_events where tenant_id = ?", tenant));
        long billed = UsageFixtures.count(url(),
                "select coalesce(sum(input_tokens + output_tokens), 0) from usage_events where tenant_id = ?", tenant);
        assertEquals(String.valueOf(billed), redis.sync().hget(keys().limiter(tenant) + ":t", dailyCounter(tenant)),
                "the budget holds exactly what the ledger bills: every reservation settled once");
        assertEquals(0, redis.sync().zcard(keys().limiter(tenant) + ":t:conc"), "the dead instance's concurrency slots are free");
    }

    @Test
    void a_stream_longer_than_the_lease_ttl_keeps_its_concurrency_slot_until_it_ends(@Key("marathon") String key)
            throws Exception {
        String tenant = "marathon";
        Admin.policy(survivor, tenant, "{\"concurrency\":1}");
        String base = "http://localhost:" + survivor.uri("/").getPort();
        // 45 tokens at 200 ms: about 9 s, three lease ttls.
        Stream stream = open(base, key, 45);
        Await.quiet(LEASE_TTL.multipliedBy(2)); // two lease ttls pass: the slot must stay taken
        HttpResponse<String> second = survivor.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").maxTokens(5).user("hi").json());
        assertEquals(429, second.statusCode(), "the long stream still holds the tenant's one slot: " + second.body());
        String line;
        boolean done = false;
        while ((line = stream.reader().readLine()) != null) {
            done |= line.equals("data: [DONE]");
        }
        assertTrue(done, "the long stream ran to its end");
        Await.until(Duration.ofSeconds(10), () -> survivor.post("/v1/chat/completions", key,
                Bodies.chat("chat-default").maxTokens(2).user("hi").json())
                .statusCode() == 200, "the slot free once the stream ended");
        Await.until(Duration.ofSeconds(20), () -> UsageFixtures.count(url(),
                "select count(*) from usage_events where request_id = ? and not estimated", stream.requestId()) == 1,
                "the long stream billed from its own usage");
    }
}
