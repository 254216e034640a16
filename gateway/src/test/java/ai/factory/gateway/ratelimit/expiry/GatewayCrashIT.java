package ai.factory.gateway.ratelimit.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.ratelimit.RateLimiter;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    private static Emulator slow;
    private static Map<String, Object> props;
    private static GatewayApp survivor;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() {
        // 200 ms between tokens: a 200-token answer streams for 40 s, far past the kill.
        slow = Emulator.start(EmulatorConfig.builder().port(0).ttftMillis(10).interTokenMillis(200).build());
        props = UsageFixtures.appProperties(DB);
        props.put("gateway.ratelimit.lease-ttl", LEASE_TTL.toSeconds() + "s");
        GatewayApp.pool(props, "slow", 64, slow.baseUrl());
        GatewayApp.alias(props, "chat-default", "slow");
        survivor = GatewayApp.start(props);
        client = UsageFixtures.redis(DB);
        redis = client.connect();
    }

    @AfterAll
    static void stop() {
        redis.close();
        client.shutdown();
        survivor.close();
        slow.close();
    }

    /** The same configuration as the survivor's, in a gateway JVM of its own on a free port. */
    private static Process startVictim(int port, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        Map<String, Object> own = new HashMap<>(props);
        own.put("micronaut.server.port", port);
        own.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("ai.factory.gateway.Application");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitHealthy(Process victim, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!victim.isAlive()) {
                throw new AssertionError("the victim gateway exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> health = survivor.http().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the victim gateway never became healthy: " + Files.readString(log));
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
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"chat-default\",\"stream\":true,\"ignore_eos\":true,"
                        + "\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"tell me a long story\"}]}"))
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
        return survivor.context().getRequiredProperty("datasources.default.url", String.class);
    }

    private static RedisKeys keys() {
        return survivor.context().getBean(RateLimiter.class).keys();
    }

    private static String dailyCounter(String tenant) {
        return keys().limiter(tenant) + ":t:dtok:" + DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
    }

    @Test
    void streams_of_a_gateway_killed_mid_stream_are_billed_once_estimated_within_the_lease_time() throws Exception {
        String tenant = "victim";
        String key = survivor.newKey(tenant, List.of());
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
            Thread.sleep(LEASE_TTL.toMillis() / 2); // a renewal records the tokens streamed so far
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
        Thread.sleep(1500); // one more sweep and flush: nothing is billed twice
        assertEquals(STREAMS, UsageFixtures.count(url(), "select count(*) from usage_events where tenant_id = ?", tenant));
        long billed = UsageFixtures.count(url(),
                "select coalesce(sum(input_tokens + output_tokens), 0) from usage_events where tenant_id = ?", tenant);
        assertEquals(String.valueOf(billed), redis.sync().get(dailyCounter(tenant)),
                "the budget holds exactly what the ledger bills: every reservation settled once");
        assertEquals(0, redis.sync().zcard(keys().limiter(tenant) + ":t:conc"), "the dead instance's concurrency slots are free");
    }

    @Test
    void a_stream_longer_than_the_lease_ttl_keeps_its_concurrency_slot_until_it_ends() throws Exception {
        String tenant = "marathon";
        String key = survivor.newKey(tenant, List.of());
        Admin.policy(survivor, tenant, "{\"concurrency\":1}");
        String base = "http://localhost:" + survivor.uri("/").getPort();
        // 45 tokens at 200 ms: about 9 s, three lease ttls.
        Stream stream = open(base, key, 45);
        Thread.sleep(2 * LEASE_TTL.toMillis());
        HttpResponse<String> second = survivor.post("/v1/chat/completions", key,
                "{\"model\":\"chat-default\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(429, second.statusCode(), "the long stream still holds the tenant's one slot: " + second.body());
        String line;
        boolean done = false;
        while ((line = stream.reader().readLine()) != null) {
            done |= line.equals("data: [DONE]");
        }
        assertTrue(done, "the long stream ran to its end");
        Await.until(Duration.ofSeconds(10), () -> survivor.post("/v1/chat/completions", key,
                "{\"model\":\"chat-default\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .statusCode() == 200, "the slot free once the stream ended");
        Await.until(Duration.ofSeconds(20), () -> UsageFixtures.count(url(),
                "select count(*) from usage_events where request_id = ? and not estimated", stream.requestId()) == 1,
                "the long stream billed from its own usage");
    }
}
