package ai.factory.gateway.chat.platforms;

import static ai.factory.gateway.accounting.UsageFixtures.count;
import static ai.factory.gateway.support.Await.until;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.chat.ChannelBinding;
import ai.factory.gateway.chat.ChannelCredentials;
import ai.factory.gateway.chat.EndUsers;
import ai.factory.gateway.chat.Platform;
import ai.factory.gateway.chat.line.LineFixtures;
import ai.factory.gateway.chat.teams.TeamsFixtures;
import ai.factory.gateway.chat.zalo.ZaloFixtures;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.GatewayFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LINE, Teams and Zalo through the whole gateway: a signed webhook to {@code /chat/{platform}/{binding}},
 * the tenant's chat product answered by the GPU emulator, the answer posted to the platform (WireMock)
 * and a usage event with the channel and the hashed end user landed in PostgreSQL.
 */
class LineTeamsZaloEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LANDED = Duration.ofSeconds(30);
    private static WireMockServer api;
    private static String line;
    private static String teams;
    private static String zalo;

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .alias("chat-large", "gpu")
            .channelKey()
            .property("gateway.chat.reply-attempts", 3)
            .property("gateway.chat.max-retry-wait", "1s")
            .wiremockServer("api")
            .urlProperty("gateway.chat.line.api-url", "api", "")
            .urlProperty("gateway.chat.zalo.api-url", "api", "")
            // Stubbed by TeamsFixtures.serveBotFramework below; the gateway reads it at the first Teams webhook.
            .urlProperty("gateway.chat.teams.openid-metadata-url", "api", "/v1/.well-known/openidconfiguration")
            .urlProperty("gateway.chat.teams.token-url", "api", "/botframework.com/oauth2/v2.0/token")
            .tenant("acme")
            .build();

    @BeforeAll
    static void stubPlatformsAndBind() {
        api = gw.wiremock("api");
        TeamsFixtures.serveBotFramework(api);
        line = bind("line", "2000000001", Map.of("channel_secret", LineFixtures.SECRET, "access_token", "line-token"));
        teams = bind("teams", TeamsFixtures.APP_ID, Map.of("app_id", TeamsFixtures.APP_ID, "app_password", "bot-secret"));
        zalo = bind("zalo", ZaloFixtures.OA_ID, Map.of("app_id", ZaloFixtures.APP_ID,
                "oa_secret_key", ZaloFixtures.SECRET, "access_token", "zalo-token"));
        api.stubFor(post("/v2/bot/message/reply").willReturn(okJson("{\"sentMessages\":[{\"id\":\"1\"}]}")));
        api.stubFor(post("/v2/bot/message/push").willReturn(okJson("{\"sentMessages\":[{\"id\":\"2\"}]}")));
        api.stubFor(post(urlPathMatching("/amer/v3/conversations/.*")).willReturn(okJson("{\"id\":\"reply-1\"}")));
        api.stubFor(post("/v3.0/oa/message/cs").willReturn(okJson("{\"error\":0,\"message\":\"Success\",\"data\":{\"message_id\":\"z1\"}}")));
    }

    private static String bind(String platform, String workspace, Map<String, String> credentials) {
        try {
            String body = JSON.writeValueAsString(Map.of("platform", platform, "workspace", workspace,
                    "default_product", "chat-assistant", "credentials", credentials));
            return JSON.readTree(Admin.call(gw.app(), "POST", "/admin/tenants/acme/channels", body).body()).path("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> webhook(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.app().uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return gw.app().send(b.build());
    }

    private static long usage(String channel, String endUser) {
        return count(gw.jdbcUrl(), "select count(*) from usage_events where tenant_id = 'acme' and channel = ? and end_user = ?",
                channel, endUser);
    }

    private static String hashed(Platform p, String bindingId, String user) {
        return EndUsers.hash(new ChannelBinding(bindingId, "acme", p, "w", "chat-assistant", Set.of(), 0,
                new ChannelCredentials(Map.of())), user);
    }

    @Test
    void a_line_message_is_answered_with_its_reply_token_and_billed_to_the_channel_and_end_user() throws Exception {
        String body = LineFixtures.textEvent("01LINEE2E", false, "rt-e2e", "東京の天気は？");
        HttpResponse<String> ack = webhook("/chat/line/" + line, body, "x-line-signature", LineFixtures.sign(body));
        assertEquals(200, ack.statusCode(), ack.body());
        until(LANDED, () -> !api.findAll(postRequestedFor(urlEqualTo("/v2/bot/message/reply"))
                .withRequestBody(containing("rt-e2e"))).isEmpty(), "the reply posted to LINE");
        JsonNode sent = JSON.readTree(api.findAll(postRequestedFor(urlEqualTo("/v2/bot/message/reply"))
                .withRequestBody(containing("rt-e2e"))).get(0).getBodyAsString());
        assertFalse(sent.path("messages").path(0).path("text").asText().isBlank());
        String user = hashed(Platform.LINE, line, "U4af4980629a1b2c3d4e5f6a7b8c9d0e1");
        until(LANDED, () -> usage("line", user) >= 1, "a usage event with channel line and the hashed user");
    }

    @Test
    void a_redelivered_line_event_is_answered_once() {
        String first = LineFixtures.textEvent("01LINEREDELIVER", false, "rt-once", "hello");
        String again = LineFixtures.textEvent("01LINEREDELIVER", true, "rt-once", "hello");
        assertEquals(200, webhook("/chat/line/" + line, first, "x-line-signature", LineFixtures.sign(first)).statusCode());
        assertEquals(200, webhook("/chat/line/" + line, again, "x-line-signature", LineFixtures.sign(again)).statusCode());
        String marker = LineFixtures.textEvent("01LINEMARKER", false, "rt-marker", "hello");
        assertEquals(200, webhook("/chat/line/" + line, marker, "x-line-signature", LineFixtures.sign(marker)).statusCode());
        until(LANDED, () -> replies("rt-marker") == 1 && replies("rt-once") >= 1, "both answers posted");
        assertEquals(1, replies("rt-once"), "the redelivery was not answered again");
    }

    @Test
    void a_line_webhook_with_a_bad_signature_is_refused_and_nothing_is_answered() throws Exception {
        String body = LineFixtures.textEvent("01LINEFORGED", false, "rt-forged", "hello");
        HttpResponse<String> r = webhook("/chat/line/" + line, body, "x-line-signature",
                LineFixtures.sign(body.replace("hello", "other")));
        assertEquals(401, r.statusCode());
        assertEquals("authentication_error", JSON.readTree(r.body()).path("error").path("type").asText(), r.body());
        // Accepted deliveries are answered in order of arrival; once a later one is, the forged one never will be.
        String marker = LineFixtures.textEvent("01LINEMARKER2", false, "rt-marker2", "hello");
        webhook("/chat/line/" + line, marker, "x-line-signature", LineFixtures.sign(marker));
        until(LANDED, () -> replies("rt-marker2") == 1, "the marker answered");
        assertEquals(0, replies("rt-forged"));
    }

    @Test
    void a_line_429_is_retried_within_the_budget_then_the_reply_is_dropped() {
        api.stubFor(post("/v2/bot/message/reply").withRequestBody(containing("rt-throttled")).atPriority(1)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"message\":\"The API rate limit has been exceeded. Try again later.\"}")));
        String body = LineFixtures.textEvent("01LINETHROTTLED", false, "rt-throttled", "hello");
        assertEquals(200, webhook("/chat/line/" + line, body, "x-line-signature", LineFixtures.sign(body)).statusCode());
        until(LANDED, () -> replies("rt-throttled") == 3, "three attempts");
        String marker = LineFixtures.textEvent("01LINEMARKER3", false, "rt-marker3", "hello");
        webhook("/chat/line/" + line, marker, "x-line-signature", LineFixtures.sign(marker));
        until(LANDED, () -> replies("rt-marker3") == 1, "the marker answered");
        assertEquals(3, replies("rt-throttled"), "no attempt past the budget");
        assertEquals(0, api.findAll(postRequestedFor(urlEqualTo("/v2/bot/message/push"))
                .withRequestBody(containing("hello"))).size(), "a throttled reply is not pushed instead");
    }

    @Test
    void a_teams_message_is_answered_through_its_service_url_and_billed() throws Exception {
        String serviceUrl = api.baseUrl() + "/amer/";
        String body = TeamsFixtures.activity(serviceUrl, "1485983400001", "<at>Factory Bot</at> xin chào");
        String token = TeamsFixtures.token(TeamsFixtures.claims(serviceUrl).build(), TeamsFixtures.KEY);
        HttpResponse<String> ack = webhook("/chat/teams/" + teams, body, "authorization", "Bearer " + token);
        assertEquals(200, ack.statusCode(), ack.body());
        String path = "/amer/v3/conversations/a%3A17I0kl8EkpE1O9PH5TWrzrLNwnWW/activities/1485983400001";
        until(LANDED, () -> !api.findAll(postRequestedFor(urlEqualTo(path))).isEmpty(), "the reply posted to Teams");
        String user = hashed(Platform.TEAMS, teams, "29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85g");
        until(LANDED, () -> usage("teams", user) >= 1, "a usage event with channel teams");

        HttpResponse<String> forged = webhook("/chat/teams/" + teams, body, "authorization",
                "Bearer " + TeamsFixtures.token(TeamsFixtures.claims(serviceUrl).build(), TeamsFixtures.STRANGER));
        assertEquals(401, forged.statusCode());
    }

    @Test
    void a_vietnamese_zalo_message_is_answered_through_the_oa_api_and_billed() throws Exception {
        long ts = Instant.now().toEpochMilli();
        String body = ZaloFixtures.textEvent("zmsg-e2e", ts, "Tóm tắt giúp tôi: cuộc họp đã quyết định tăng ngân sách.");
        HttpResponse<String> ack = webhook("/chat/zalo/" + zalo, body, "X-ZEvent-Signature", ZaloFixtures.sign(body, ts));
        assertEquals(200, ack.statusCode(), ack.body());
        until(LANDED, () -> !api.findAll(postRequestedFor(urlEqualTo("/v3.0/oa/message/cs"))
                .withRequestBody(containing("246845883529197922"))).isEmpty(), "the reply posted to Zalo");
        String user = hashed(Platform.ZALO, zalo, "246845883529197922");
        until(LANDED, () -> usage("zalo", user) >= 1, "a usage event with channel zalo");

        HttpResponse<String> replayed = webhook("/chat/zalo/" + zalo, body, "X-ZEvent-Signature", ZaloFixtures.sign(body, ts));
        assertEquals(200, replayed.statusCode(), "a duplicate inside the window is acknowledged");
        long old = Instant.now().minus(Duration.ofMinutes(10)).toEpochMilli();
        String stale = ZaloFixtures.textEvent("zmsg-old", old, "hi");
        assertEquals(401, webhook("/chat/zalo/" + zalo, stale, "X-ZEvent-Signature", ZaloFixtures.sign(stale, old)).statusCode());
    }

    private static int replies(String replyToken) {
        return api.findAll(postRequestedFor(urlEqualTo("/v2/bot/message/reply")).withRequestBody(containing(replyToken))).size();
    }
}
