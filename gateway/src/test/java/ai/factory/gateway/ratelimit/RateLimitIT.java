package ai.factory.gateway.ratelimit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Limits hold exactly across instances, because both instances reserve in the same Redis script. */
class RateLimitIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}";

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremock("wm")
            .alias("chat-default", "wm")
            .alias("slow-model", "wm=slow")
            // Exactness with Redis up is the point here: a loaded test machine must not look like an outage.
            .property("gateway.ratelimit.redis-timeout", "20s")
            .tenant("five-rpm").tenant("streaming-limits").tenant("ten-at-once").tenant("budgeted")
            .tenant("lease-owner").tenant("changing").tenant("tiny-tpm")
            .build();

    private static GatewayApp first;
    private static GatewayApp second;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start(@Pool("wm") WireMockServer backend) {
        backend.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody(ANSWER)));
        first = gw.app();
        second = gw.anotherInstance(Map.of());
        redis = RedisClient.create(gw.redisUri()).connect();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static String chat(String model, int maxTokens) {
        return Bodies.chat(model).maxTokens(maxTokens).user("count the tokens of this prompt please").json();
    }

    @Test
    void sixth_request_in_a_minute_is_rejected_with_a_computed_retry_after_across_two_instances(
            @Key("five-rpm") String key) throws Exception {
        Admin.policy(first, "five-rpm", "{\"rpm\":5}");
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            GatewayApp instance = i % 2 == 0 ? first : second;
            responses.add(instance.post("/v1/chat/completions", key, chat("chat-default", 5)));
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(200, responses.get(i).statusCode(), responses.get(i).body());
            assertEquals("5", responses.get(i).headers().firstValue("x-ratelimit-limit-requests").orElseThrow());
            assertEquals(Integer.toString(4 - i), responses.get(i).headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        }
        HttpResponse<String> sixth = responses.get(5);
        assertEquals(429, sixth.statusCode(), sixth.body());
        assertEquals("rate_limit_exceeded", JSON.readTree(sixth.body()).at("/error/code").asText());
        int retryAfter = Integer.parseInt(sixth.headers().firstValue("retry-after").orElseThrow());
        // One request refills every 12 s; the first was taken moments ago.
        assertTrue(retryAfter >= 1 && retryAfter <= 12, "retry-after " + retryAfter);
        assertEquals("0", sixth.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
    }

    @Test
    void streamed_responses_carry_the_rate_limit_headers_too(
            @Key("streaming-limits") String key, @Pool("wm") WireMockServer backend) {
        backend.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "text/event-stream")
                        .withBody("data: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\ndata: [DONE]\n\n")));
        Admin.policy(first, "streaming-limits", "{\"rpm\":50,\"tpm\":100000}");
        HttpResponse<String> streamed = first.post("/v1/chat/completions", key, Bodies.chat("chat-default").stream()
                .maxTokens(5).user("count the tokens of this prompt please").json());
        assertEquals(200, streamed.statusCode(), streamed.body());
        assertEquals("text/event-stream", streamed.headers().firstValue("content-type").orElseThrow());
        assertEquals("50", streamed.headers().firstValue("x-ratelimit-limit-requests").orElseThrow());
        assertEquals("49", streamed.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        assertEquals("100000", streamed.headers().firstValue("x-ratelimit-limit-tokens").orElseThrow());
        assertTrue(streamed.headers().firstValue("x-ratelimit-reset-tokens").isPresent());
    }

    @Test
    void concurrency_limit_admits_exactly_the_limit_out_of_200_concurrent_clients_on_two_instances(
            @Key("ten-at-once") String key, @Pool("wm") WireMockServer backend) throws Exception {
        backend.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo("slow")))
                .willReturn(aResponse().withStatus(200).withFixedDelay(8000)
                        .withHeader("content-type", "application/json").withBody(ANSWER)));
        Admin.policy(first, "ten-at-once", "{\"concurrency\":10}");
        ExecutorService clients = Executors.newFixedThreadPool(200);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                GatewayApp instance = i % 2 == 0 ? first : second;
                calls.add(CompletableFuture.supplyAsync(
                        () -> instance.post("/v1/chat/completions", key, chat("slow-model", 5)).statusCode(), clients));
            }
            long admitted = calls.stream().map(CompletableFuture::join).filter(s -> s == 200).count();
            long rejected = calls.stream().map(CompletableFuture::join).filter(s -> s == 429).count();
            assertEquals(10, admitted);
            assertEquals(190, rejected);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void daily_token_budget_is_never_overspent_and_is_charged_the_actual_usage(@Key("budgeted") String key)
            throws Exception {
        // Each request reserves its prompt estimate plus max_tokens (5) and uses exactly 15 tokens.
        Admin.policy(first, "budgeted", "{\"daily_tokens\":100}");
        ExecutorService clients = Executors.newFixedThreadPool(40);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            GatewayApp instance = i % 2 == 0 ? first : second;
            calls.add(CompletableFuture.supplyAsync(() -> instance.post("/v1/chat/completions", key, chat("chat-default", 5)), clients));
        }
        long admitted = calls.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 200).count();
        clients.shutdownNow();
        HttpResponse<String> refused = calls.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 429)
                .findFirst().orElseThrow();
        assertEquals("insufficient_quota", JSON.readTree(refused.body()).at("/error/code").asText());

        String day = DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
        String counter = "dtok:" + day;
        Await.holds(Duration.ofSeconds(3), () -> counter(counter) == admitted * 15);
        long used = counter(counter);
        assertEquals(admitted * 15, used, "the counter holds the actual usage of the admitted requests");
        assertTrue(used <= 100, "budget overspent: " + used);
        assertTrue(admitted >= 100 / 30, "reservations are released after settlement: " + admitted);
    }

    @Test
    void a_crashed_instances_concurrency_lease_expires(@Key("lease-owner") String key) throws Exception {
        Admin.policy(first, "lease-owner", "{\"concurrency\":1}");
        // A lease left behind by an instance that died mid-request, expiring in 1.5 s.
        long now = Long.parseLong(redis.sync().time().get(0)) * 1000;
        redis.sync().zadd(new RedisKeys(16).limiter("lease-owner") + ":t:conc", now + 1500, "req_from_a_dead_instance");

        HttpResponse<String> blocked = first.post("/v1/chat/completions", key, chat("chat-default", 5));
        assertEquals(429, blocked.statusCode(), blocked.body());
        int retryAfter = Integer.parseInt(blocked.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "retry-after follows the lease's expiry: " + retryAfter);

        // Past the lease's expiry, not polled: the next request must be admitted at once.
        Await.quiet(Duration.ofMillis(1600));
        assertEquals(200, first.post("/v1/chat/completions", key, chat("chat-default", 5)).statusCode());
    }

    @Test
    void policy_change_on_one_instance_applies_on_the_other_within_a_second(@Key("changing") String key) {
        assertEquals(200, second.post("/v1/chat/completions", key, chat("chat-default", 5)).statusCode());
        Admin.policy(first, "changing", "{\"rpm\":1}");
        long changedAt = System.nanoTime();
        int status = 200;
        int sent = 0;
        while (status == 200 && System.nanoTime() - changedAt < 1_000_000_000L) {
            status = second.post("/v1/chat/completions", key, chat("chat-default", 5)).statusCode();
            sent++;
        }
        assertEquals(429, status, "still admitted after a second");
        assertTrue(sent <= 3, "took " + sent + " requests");
    }

    @Test
    void request_larger_than_the_token_limit_is_refused_without_retry_after(@Key("tiny-tpm") String key)
            throws Exception {
        Admin.policy(first, "tiny-tpm", "{\"tpm\":50}");
        HttpResponse<String> response = first.post("/v1/chat/completions", key, chat("chat-default", 500));
        assertEquals(429, response.statusCode());
        assertTrue(response.headers().firstValue("retry-after").isEmpty(), "waiting would not help");
        assertTrue(JSON.readTree(response.body()).at("/error/message").asText().contains("lower max_tokens"));
    }

    /** A budget counter of tenant "budgeted": a field of its scope's hash. */
    private static long counter(String field) {
        String raw = redis.sync().hget(new RedisKeys(16).limiter("budgeted") + ":t", field);
        return raw == null ? 0 : Long.parseLong(raw);
    }
}
