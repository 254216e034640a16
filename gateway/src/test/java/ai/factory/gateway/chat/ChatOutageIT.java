package ai.factory.gateway.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.chat.slack.SlackSignature;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.TestServers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.embedded.RedisServer;

/**
 * A chat webhook the gateway cannot take is answered 5xx with nothing kept, so the platform's
 * redelivery is answered, once: Redis down (its own Redis, stopped and started on the same port,
 * so no other test's Redis is touched) and the chat workers saturated (one worker, a queue of one).
 */
class ChatOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "outage-signing-secret";
    private static final String TEAM = "T0OUTAGE1";
    private static final int REDIS_PORT = TestServers.freePort();
    // Started as the class loads, before the fixture's gateway, which connects to it.
    private static RedisServer redis = startRedis();
    private static WireMockServer slackApi;
    private static String binding;

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .properties(UsageFixtures.quickFlush())
            .property("redis.uri", "redis://127.0.0.1:" + REDIS_PORT)
            .emulator("gpu", EmulatorConfig.builder().ttftMillis(10).interTokenMillis(5))
            .alias("chat-default", "gpu")
            .wiremockServer("slack")
            .urlProperty("gateway.chat.slack.api-url", "slack", "/api")
            .channelKey()
            .property("gateway.chat.workers", 1)
            .property("gateway.chat.queue", 1)
            .tenant("acme")
            .build();


    @BeforeAll
    static void stubSlackAndBind() {
        slackApi = gw.wiremock("slack");
        slackApi.stubFor(post(urlEqualTo("/api/chat.postMessage"))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"D0OUTAGE1\",\"ts\":\"1515449600.000400\"}")));
        // Slow answers in the busy channels keep the single worker occupied while more deliveries arrive.
        slackApi.stubFor(post(urlEqualTo("/api/chat.postMessage")).withRequestBody(containing("D0BUSY"))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"D0BUSY\",\"ts\":\"1515449600.000500\"}").withFixedDelay(2000)));
        slackApi.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("{\"ok\":true}")));
        String body = Bodies.object().put("platform", "slack").put("workspace", TEAM)
                .put("credentials", Map.of("signing_secret", SECRET, "bot_token", "xoxb-outage")).json();
        try {
            binding = JSON.readTree(Admin.call(gw.app(), "POST", "/admin/tenants/acme/channels", body).body())
                    .get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopRedis() throws IOException {
        gw.app().close(); // before its Redis goes away, as it would in production; the fixture's close is then a no-op
        redis.stop();
    }

    private static RedisServer startRedis() {
        try {
            RedisServer server = RedisServer.newRedisServer().port(REDIS_PORT).bind("127.0.0.1")
                    .setting("dir " + Files.createTempDirectory("chat-outage-redis")).setting("save \"\"")
                    .setting("appendonly no").build();
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
    private static String dm(String channel, String user, String text, String eventId) {
        return "{\"team_id\":\"" + TEAM + "\",\"event\":{\"type\":\"message\",\"channel_type\":\"im\",\"user\":\"" + user
                + "\",\"text\":\"" + text + "\",\"ts\":\"1515449522.0001\",\"channel\":\"" + channel + "\"},"
                + "\"type\":\"event_callback\",\"event_id\":\"" + eventId + "\"}";
    }

    private static HttpResponse<String> deliver(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(Instant.now().getEpochSecond());
        return gw.app().send(HttpRequest.newBuilder(gw.app().uri("/chat/slack/" + binding))
                .header("content-type", "application/json").header("x-slack-request-timestamp", ts)
                .header("x-slack-signature", SlackSignature.sign(SECRET, ts, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private static int posts(String channel) {
        return slackApi.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))
                .withRequestBody(containing("\"" + channel + "\""))).size();
    }

    private static long usageRows(String endUser) {
        return UsageFixtures.count(gw.jdbcUrl(), "select count(*) from usage_events where channel = 'slack' and end_user = ?",
                endUser);
    }

    private static String code(HttpResponse<String> response) throws IOException {
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertTrue(error.has("message") && error.has("type") && error.has("param"), response.body());
        return error.path("code").asText();
    }

    @Test
    void with_redis_down_the_webhook_answers_503_and_the_redelivery_after_redis_returns_is_answered_once()
            throws Exception {
        String event = dm("D0OUTAGE1", "U0OUTAGE1", "are we up?", "Ev0OUTAGE1");
        redis.stop();
        try {
            HttpResponse<String> refused = deliver(event);
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("chat_state_unavailable", code(refused));
            assertNotNull(refused.headers().firstValue("retry-after").orElse(null), "the platform is told when to retry");
        } finally {
            redis = startRedis();
        }
        // The platform retries until the gateway takes it: once Lettuce has reconnected, the delivery
        // is taken (it was not before: nothing of the refused attempt was kept).
        Await.until(Duration.ofSeconds(60), () -> deliver(event).statusCode() == 200, "the redelivery taken");
        assertEquals(200, deliver(event).statusCode(), "one more retry is acknowledged");
        String endUser = EndUsers.hash(new ChannelBinding(binding, "acme", Platform.SLACK, TEAM, "chat-assistant", Set.of(),
                0, new ChannelCredentials(Map.of())), "U0OUTAGE1");
        Await.until(Duration.ofSeconds(30), () -> usageRows(endUser) == 1, "the turn answered and billed");
        Await.until(Duration.ofSeconds(10), () -> posts("D0OUTAGE1") >= 1, "the answer posted");
        Await.quiet(Duration.ofMillis(1500)); // a second answer, if the retries had made one, would be under way by now
        assertEquals(1, posts("D0OUTAGE1"), "answered once");
        assertEquals(1, usageRows(endUser), "billed once");
    }

    @Test
    void with_the_workers_saturated_the_webhook_answers_503_chat_busy_and_gives_the_delivery_back() throws Exception {
        // One worker answering slowly (/reset: a one-message answer), a queue of one: a third
        // delivery within two seconds finds no room.
        List<String> accepted = new ArrayList<>();
        String refusedChannel = null;
        HttpResponse<String> refused = null;
        for (int i = 1; i <= 5 && refused == null; i++) {
            String channel = "D0BUSY00" + i;
            HttpResponse<String> r = deliver(dm(channel, "U0BUSY", "/reset", "Ev0BUSY" + i));
            if (r.statusCode() == 503) {
                refused = r;
                refusedChannel = channel;
            } else {
                assertEquals(200, r.statusCode(), r.body());
                accepted.add(channel);
            }
        }
        assertNotNull(refused, "a delivery refused while the worker and the queue were full");
        assertEquals("chat_busy", code(refused));
        assertTrue(accepted.size() <= 2, "one running and one queued at most: " + accepted);
        String channel = refusedChannel;
        String eventId = "Ev0BUSY" + channel.substring(channel.length() - 1);
        // The platform's retry, once the workers have room, is taken (the refused delivery was given back).
        Await.until(Duration.ofSeconds(30), () -> deliver(dm(channel, "U0BUSY", "/reset", eventId)).statusCode() == 200,
                "the retry taken");
        Await.until(Duration.ofSeconds(30), () -> posts(channel) == 1, "the retried delivery answered");
        for (String c : accepted) {
            Await.until(Duration.ofSeconds(30), () -> posts(c) == 1, "the accepted delivery in " + c + " answered"
                    + " (posts " + posts(c) + ", accepted " + accepted + ", refused " + channel + ")");
        }
        assertEquals(200, deliver(dm(channel, "U0BUSY", "/reset", eventId)).statusCode());
        Await.quiet(Duration.ofMillis(2500)); // longer than one slow answer: a second answer would have been posted
        assertEquals(1, posts(channel), "answered once");
    }
}
