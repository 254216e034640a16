package ai.factory.gateway.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.chat.memory.Conversation;
import ai.factory.gateway.chat.memory.ConversationMemory;
import ai.factory.gateway.chat.slack.SlackSignature;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack and Telegram end to end: WireMock plays the platforms' APIs, the emulator the model,
 * webhooks are shaped like the platforms' documented examples and signed as they sign them.
 */
class ChatIntegrationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_A = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String SECRET_B = "b-signing-secret-of-the-other-team";
    private static WireMockServer platforms;
    private static String slackA;
    private static String slackB;
    private static String telegram;

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(11)
            .properties(UsageFixtures.quickFlush())
            // Slow enough tokens that a streamed answer outlives Slack's edit interval: post, then edits.
            .emulator("gpu", EmulatorConfig.builder().ttftMillis(50).interTokenMillis(200))
            .alias("chat-default", "gpu")
            .wiremockServer("platforms")
            .urlProperty("gateway.chat.slack.api-url", "platforms", "/api")
            .urlProperty("gateway.chat.telegram.api-url", "platforms", "")
            .channelKey()
            .tenant("acme")
            .tenant("globex")
            .build();


    @BeforeAll
    static void stubPlatformsAndBind() {
        platforms = gw.wiremock("platforms");
        platforms.stubFor(post(urlEqualTo("/api/chat.postMessage"))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"C0LAE2LG5\",\"ts\":\"1515449600.000100\"}")));
        platforms.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("{\"ok\":true}")));
        platforms.stubFor(post(urlMatching("/bot.*/sendMessage")).willReturn(okJson("{\"ok\":true,\"result\":{\"message_id\":77}}")));
        platforms.stubFor(post(urlMatching("/bot.*/editMessageText")).willReturn(okJson("{\"ok\":true,\"result\":{}}")));
        slackA = bind("acme", bindingBody("slack", "T061EG9R6",
                Map.of("signing_secret", SECRET_A, "bot_token", "xoxb-acme")).put("end_user_requests_per_minute", 3).json());
        slackB = bind("globex", bindingBody("slack", "T0GLOBEX1",
                Map.of("signing_secret", SECRET_B, "bot_token", "xoxb-globex")).json());
        telegram = bind("acme", bindingBody("telegram", "123456",
                Map.of("bot_token", "123456:ABC", "secret_token", "tg-secret")).json());
    }

    private static Bodies.Body bindingBody(String platform, String workspace, Map<String, String> credentials) {
        return Bodies.object().put("platform", platform).put("workspace", workspace).put("credentials", credentials);
    }

    private static String bind(String tenant, String body) {
        try {
            return JSON.readTree(Admin.call(gw.app(), "POST", "/admin/tenants/" + tenant + "/channels", body).body()).get("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mention(String team, String channel, String user, String text, String eventId) {
        return "{\"token\":\"ZZZ\",\"team_id\":\"" + team + "\",\"api_app_id\":\"A0PNCHHK2\",\"event\":{\"type\":\"app_mention\","
                + "\"user\":\"" + user + "\",\"text\":\"<@U0LAN0Z89> " + text + "\",\"ts\":\"1515449522.000016\","
                + "\"channel\":\"" + channel + "\",\"event_ts\":\"1515449522000016\"},\"type\":\"event_callback\","
                + "\"event_id\":\"" + eventId + "\",\"event_time\":1515449522,\"authed_users\":[\"U0LAN0Z89\"]}";
    }

    private static String dm(String team, String channel, String user, String text) {
        return "{\"team_id\":\"" + team + "\",\"event\":{\"type\":\"message\",\"channel_type\":\"im\",\"user\":\"" + user
                + "\",\"text\":\"" + text + "\",\"ts\":\"1515449522.0001\",\"channel\":\"" + channel + "\"},"
                + "\"type\":\"event_callback\",\"event_id\":\"Ev" + UUID.randomUUID() + "\"}";
    }

    private static HttpResponse<String> slack(String binding, String secret, String body, long timestamp, String... headers) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(timestamp);
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.app().uri("/chat/slack/" + binding))
                .header("content-type", "application/json").header("x-slack-request-timestamp", ts)
                .header("x-slack-signature", SlackSignature.sign(secret, ts, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return gw.app().send(b.build());
    }

    private static HttpResponse<String> slack(String binding, String secret, String body) {
        return slack(binding, secret, body, Instant.now().getEpochSecond());
    }

    private static List<LoggedRequest> posts(String path, String channel) {
        return platforms.findAll(postRequestedFor(urlMatching(path)).withRequestBody(containing("\"" + channel + "\"")));
    }

    private static List<LoggedRequest> awaitPosts(String path, String channel, int count) {
        Await.until(Duration.ofSeconds(30), () -> posts(path, channel).size() >= count,
                count + " calls of " + path + " for " + channel);
        return posts(path, channel);
    }

    private static String text(LoggedRequest r) {
        try {
            return JSON.readTree(r.getBodyAsString()).path("text").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long usageRows(String sql, Object... params) {
        return UsageFixtures.count(gw.jdbcUrl(), sql, params);
    }

    private static ChannelBinding binding(String id, String tenant, Platform platform) {
        return new ChannelBinding(id, tenant, platform, "", "chat-assistant", Set.of(), 0,
                new ChannelCredentials(Map.of()));
    }

    @Test
    void a_mention_streams_in_as_a_post_then_edits_in_its_thread_and_is_billed_with_channel_and_end_user() throws Exception {
        HttpResponse<String> ack = slack(slackA, SECRET_A, mention("T061EG9R6", "C0STREAM1", "U061F7AUR",
                "is it everything a river should be?", "Ev0STREAM1"));
        assertEquals(200, ack.statusCode(), ack.body());

        List<LoggedRequest> postsSeen = awaitPosts("/api/chat.postMessage", "C0STREAM1", 1);
        JsonNode first = JSON.readTree(postsSeen.get(0).getBodyAsString());
        assertEquals("1515449522.000016", first.path("thread_ts").asText(), "answered in the mention's thread");
        assertEquals("Bearer xoxb-acme", postsSeen.get(0).getHeader("authorization"));
        Await.until(Duration.ofSeconds(30), () -> !platforms.findAll(postRequestedFor(urlEqualTo("/api/chat.update"))
                .withRequestBody(containing("1515449600.000100"))).isEmpty(), "an edit of the posted message");

        String endUser = EndUsers.hash(binding(slackA, "acme", Platform.SLACK), "U061F7AUR");
        Await.until(Duration.ofSeconds(30), () -> usageRows("select count(*) from usage_events where tenant_id = ?"
                + " and channel = 'slack' and end_user = ? and product = 'chat-assistant' and status = 'ok'", "acme", endUser) == 1,
                "the turn's usage event with channel and end user");
        assertEquals(1, posts("/api/chat.postMessage", "C0STREAM1").size(), "one message, edited, not several");
    }

    @Test
    void a_bad_signature_is_refused_with_401_and_nothing_is_processed_or_stored() throws Exception {
        HttpResponse<String> refused = slack(slackA, "not-the-secret", mention("T061EG9R6", "C0BADSIG1", "U1", "hi", "Ev0BADSIG1"));
        assertEquals(401, refused.statusCode());
        assertEquals("invalid_signature", JSON.readTree(refused.body()).at("/error/code").asText(), refused.body());
        // The same event, signed properly, is still new: the refused one was not taken.
        assertEquals(200, slack(slackA, SECRET_A, mention("T061EG9R6", "C0BADSIG1", "U1", "hi", "Ev0BADSIG1")).statusCode());
        assertEquals(1, awaitPosts("/api/chat.postMessage", "C0BADSIG1", 1).size());
    }

    @Test
    void a_timestamp_older_than_five_minutes_is_refused_even_when_signed() {
        long old = Instant.now().minusSeconds(6 * 60).getEpochSecond();
        assertEquals(401, slack(slackA, SECRET_A, mention("T061EG9R6", "C0OLDTS01", "U1", "hi", "Ev0OLDTS01"), old).statusCode());
    }

    @Test
    void a_retried_delivery_is_acknowledged_and_answered_once() throws Exception {
        String event = mention("T061EG9R6", "C0RETRY01", "U2", "hello", "Ev0RETRY01");
        assertEquals(200, slack(slackA, SECRET_A, event).statusCode());
        assertEquals(200, slack(slackA, SECRET_A, event, Instant.now().getEpochSecond(),
                "x-slack-retry-num", "1", "x-slack-retry-reason", "http_timeout").statusCode());
        awaitPosts("/api/chat.postMessage", "C0RETRY01", 1);
        String endUser = EndUsers.hash(binding(slackA, "acme", Platform.SLACK), "U2");
        Await.until(Duration.ofSeconds(30), () -> usageRows("select count(*) from usage_events where end_user = ?",
                endUser) >= 1, "the usage event");
        Await.quiet(Duration.ofMillis(1500)); // a second answer, if there were one, would be well under way by now
        assertEquals(1, posts("/api/chat.postMessage", "C0RETRY01").size());
        assertEquals(1, usageRows("select count(*) from usage_events where end_user = ?", endUser));
    }

    @Test
    void memory_carries_across_turns_and_reset_forgets_it(GatewayApp app) {
        ConversationMemory memory = app.context().getBean(ConversationMemory.class);
        Conversation thread = new Conversation("acme", slackA, "D0MEMORY1", "D0MEMORY1");
        assertEquals(200, slack(slackA, SECRET_A, dm("T061EG9R6", "D0MEMORY1", "U3", "my name is Lan")).statusCode());
        Await.until(Duration.ofSeconds(30), () -> memory.history(thread).size() == 2, "the first turn remembered");
        assertEquals("my name is Lan", ConversationMemory.text(memory.history(thread).get(0)));
        assertEquals(200, slack(slackA, SECRET_A, dm("T061EG9R6", "D0MEMORY1", "U3", "what is my name?")).statusCode());
        Await.until(Duration.ofSeconds(30), () -> memory.history(thread).size() == 4, "the second turn added");
        assertEquals(200, slack(slackA, SECRET_A, dm("T061EG9R6", "D0MEMORY1", "U3", "/reset")).statusCode());
        Await.until(Duration.ofSeconds(10), () -> memory.history(thread).isEmpty(), "the conversation forgotten");
        Await.until(Duration.ofSeconds(10), () -> posts("/api/chat.postMessage", "D0MEMORY1").stream()
                .anyMatch(r -> text(r).contains("forgotten")), "the user told the conversation is forgotten");
    }

    @Test
    void two_tenants_channels_are_isolated(GatewayApp app) {
        // The other team's secret does not open this binding, nor does this team's event enter the other's.
        assertEquals(401, slack(slackB, SECRET_A, mention("T061EG9R6", "C0ISOLATE", "U4", "hi", "Ev0ISO0001")).statusCode());
        assertEquals(401, slack(slackB, SECRET_B, mention("T061EG9R6", "C0ISOLATE", "U4", "hi", "Ev0ISO0002")).statusCode());
        // Another tenant's binding is not visible through this tenant's admin path.
        HttpResponse<String> foreign = app.send(HttpRequest.newBuilder(app.uri("/admin/tenants/acme/channels/" + slackB))
                .header("authorization", "Bearer " + GatewayApp.ADMIN_TOKEN).GET().build());
        assertEquals(404, foreign.statusCode());
        // Same channel and thread ids under two bindings are two memories.
        ConversationMemory memory = app.context().getBean(ConversationMemory.class);
        assertEquals(200, slack(slackA, SECRET_A, dm("T061EG9R6", "D0SHARED1", "U5", "secret plan")).statusCode());
        Conversation mine = new Conversation("acme", slackA, "D0SHARED1", "D0SHARED1");
        Await.until(Duration.ofSeconds(30), () -> memory.history(mine).size() == 2, "acme's turn remembered");
        assertTrue(memory.history(new Conversation("globex", slackB, "D0SHARED1", "D0SHARED1")).isEmpty());
        assertEquals(0, usageRows("select count(*) from usage_events where tenant_id = 'globex'"));
    }

    @Test
    void credentials_are_stored_encrypted_and_never_returned(GatewayApp app) throws Exception {
        JsonNode view = JSON.readTree(Admin.call(app, "GET", "/admin/tenants/acme/channels/" + slackA, null).body());
        assertEquals(List.of("bot_token", "signing_secret"), JSON.convertValue(view.get("credential_names"), List.class));
        assertFalse(view.toString().contains(SECRET_A));
        assertFalse(view.toString().contains("xoxb-acme"));
        try (Connection c = DriverManager.getConnection(gw.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select credentials from channel_bindings where id = '" + slackA + "'")) {
            r.next();
            String stored = new String(r.getBytes(1), StandardCharsets.ISO_8859_1);
            assertFalse(stored.contains(SECRET_A) || stored.contains("xoxb-acme"), "a secret in clear in the database");
        }
    }

    @Test
    void rotating_credentials_retires_the_old_secret_and_delete_unbinds(GatewayApp app) throws Exception {
        String id = bind("acme", bindingBody("slack", "T0ROTATE1",
                Map.of("signing_secret", "old-secret", "bot_token", "xoxb-old")).json());
        Admin.call(app, "POST", "/admin/tenants/acme/channels/" + id + "/rotate", Bodies.object()
                .put("credentials", Map.of("signing_secret", "new-secret", "bot_token", "xoxb-new")).json());
        JsonNode updated = JSON.readTree(Admin.call(app, "PUT", "/admin/tenants/acme/channels/" + id, Bodies.object()
                .put("end_user_requests_per_minute", 5).put("allowed_products", List.of("summarize")).json()).body());
        assertEquals(5, updated.get("end_user_requests_per_minute").asInt());
        assertEquals("summarize", updated.at("/allowed_products/0").asText());
        assertEquals(401, slack(id, "old-secret", mention("T0ROTATE1", "C0ROT0001", "U6", "hi", "Ev0ROT0001")).statusCode());
        assertEquals(200, slack(id, "new-secret", mention("T0ROTATE1", "C0ROT0001", "U6", "hi", "Ev0ROT0002")).statusCode());
        Admin.call(app, "DELETE", "/admin/tenants/acme/channels/" + id, null);
        Await.until(Duration.ofSeconds(40), () -> slack(id, "new-secret",
                mention("T0ROTATE1", "C0ROT0001", "U6", "hi", "Ev0ROT" + UUID.randomUUID())).statusCode() == 401,
                "the deleted binding refused");
    }

    @Test
    void a_binding_without_the_platforms_credentials_is_a_400_in_the_openai_shape(GatewayApp app) throws Exception {
        HttpResponse<String> refused = app.send(HttpRequest.newBuilder(app.uri("/admin/tenants/acme/channels"))
                .header("authorization", "Bearer " + GatewayApp.ADMIN_TOKEN).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        bindingBody("telegram", "9", Map.of("bot_token", "9:X")).json())).build());
        assertEquals(400, refused.statusCode());
        assertEquals("credentials.secret_token", JSON.readTree(refused.body()).at("/error/param").asText());
    }

    @Test
    void a_person_over_their_per_minute_limit_is_told_when_to_retry() {
        for (int i = 0; i < 4; i++) {
            assertEquals(200, slack(slackA, SECRET_A, dm("T061EG9R6", "D0LIMIT01", "U7", "/help")).statusCode());
        }
        // /help does not count; these do (the binding allows 3 a minute).
        for (int i = 0; i < 4; i++) {
            assertEquals(200, slack(slackA, SECRET_A, dm("T061EG9R6", "D0LIMIT01", "U7", "/sentiment I love it")).statusCode());
        }
        Await.until(Duration.ofSeconds(40), () -> posts("/api/chat.postMessage", "D0LIMIT01").stream()
                .anyMatch(r -> text(r).contains("limit of 3 requests a minute") && text(r).contains("request id")),
                "the limit sentence with its retry time and request id");
        assertTrue(posts("/api/chat.postMessage", "D0LIMIT01").stream().anyMatch(r -> text(r).contains("/summarize")),
                "help lists the products");
    }

    @Test
    void a_telegram_message_is_answered_by_send_then_edits_and_billed_to_the_channel(
            GatewayApp app, @Key("acme") String acmeKey) throws Exception {
        String update = "{\"update_id\":10000,\"message\":{\"date\":1441645532,\"chat\":{\"last_name\":\"Test\",\"id\":1111111,"
                + "\"type\":\"private\",\"first_name\":\"Test\",\"username\":\"Test\"},\"message_id\":1365,\"from\":{"
                + "\"last_name\":\"Test\",\"id\":1111111,\"first_name\":\"Test\",\"username\":\"Test\"},\"text\":\"xin chào\"}}";
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri("/chat/telegram/" + telegram))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(update));
        assertEquals(401, app.send(request.copy().header("x-telegram-bot-api-secret-token", "wrong").build()).statusCode());
        assertEquals(200, app.send(request.copy().header("x-telegram-bot-api-secret-token", "tg-secret").build()).statusCode());
        assertEquals(200, app.send(request.copy().header("x-telegram-bot-api-secret-token", "tg-secret").build()).statusCode());
        awaitPosts("/bot123456:ABC/sendMessage", "1111111", 1);
        String endUser = EndUsers.hash(binding(telegram, "acme", Platform.TELEGRAM), "1111111");
        Await.until(Duration.ofSeconds(30), () -> usageRows("select count(*) from usage_events where channel = 'telegram'"
                + " and end_user = ?", endUser) == 1, "the telegram turn's usage event");
        assertEquals(1, posts("/bot123456:ABC/sendMessage", "1111111").size(), "update_id answered once");
        // The tenant and the operator see the turn grouped by channel and end user.
        JsonNode usage = JSON.readTree(app.get("/v1/usage?granularity=minute&group_by=channel,end_user", acmeKey).body());
        assertTrue(contains(usage, "telegram", endUser), usage.toString());
        JsonNode admin = JSON.readTree(Admin.call(app, "GET", "/admin/usage?granularity=minute&group_by=tenant,channel", null).body());
        assertTrue(stream(admin).anyMatch(b -> b.path("tenant").asText().equals("acme")
                && b.path("channel").asText().equals("telegram") && b.path("requests").asLong() >= 1), admin.toString());
        assertFalse(platforms.findAll(postRequestedFor(urlEqualTo("/bot123456:ABC/editMessageText"))).isEmpty(),
                "the answer streamed in as edits");
    }

    @Test
    void a_slash_command_is_acknowledged_at_once_and_runs_its_product(GatewayApp app) throws Exception {
        String form = "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T061EG9R6&team_domain=example&channel_id=C0SLASH01"
                + "&channel_name=test&user_id=U2147483697&user_name=Steve&command=%2Fsummarize"
                + "&text=" + java.net.URLEncoder.encode("Hội nghị bàn về ngân sách năm tới và lịch phát hành sản phẩm mới.",
                        StandardCharsets.UTF_8)
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678&trigger_id=13345224609.738474920.8088930838d88f008e0";
        byte[] bytes = form.getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(Instant.now().getEpochSecond());
        HttpResponse<String> ack = app.send(HttpRequest.newBuilder(app.uri("/chat/slack/" + slackA))
                .header("content-type", "application/x-www-form-urlencoded").header("x-slack-request-timestamp", ts)
                .header("x-slack-signature", SlackSignature.sign(SECRET_A, ts, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        assertEquals(200, ack.statusCode(), ack.body());
        assertEquals("ephemeral", JSON.readTree(ack.body()).path("response_type").asText());
        awaitPosts("/api/chat.postMessage", "C0SLASH01", 1);
        String endUser = EndUsers.hash(binding(slackA, "acme", Platform.SLACK), "U2147483697");
        Await.until(Duration.ofSeconds(30), () -> usageRows("select count(*) from usage_events where end_user = ?"
                + " and product = 'summarize' and channel = 'slack'", endUser) == 1, "the summarize call billed to the channel");
    }

    @Test
    void slacks_429_is_retried_after_its_retry_after_and_the_answer_still_arrives() {
        platforms.stubFor(post(urlEqualTo("/api/chat.postMessage")).withRequestBody(containing("C0THROTTL"))
                .inScenario("throttled").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(429)
                        .withHeader("retry-after", "1").withBody("{\"ok\":false,\"error\":\"ratelimited\"}"))
                .willSetStateTo("open"));
        platforms.stubFor(post(urlEqualTo("/api/chat.postMessage")).withRequestBody(containing("C0THROTTL"))
                .inScenario("throttled").whenScenarioStateIs("open")
                .willReturn(okJson("{\"ok\":true,\"channel\":\"C0THROTTL\",\"ts\":\"1515449700.000100\"}")));
        assertEquals(200, slack(slackA, SECRET_A, dm("T061EG9R6", "C0THROTTL", "U8", "/help")).statusCode());
        List<LoggedRequest> calls = awaitPosts("/api/chat.postMessage", "C0THROTTL", 2);
        assertTrue(text(calls.get(1)).contains("/summarize"), "the help arrived on the second attempt");
    }

    @Test
    void a_reply_slack_keeps_refusing_is_dropped_after_the_budget_with_an_error_usage_event() {
        platforms.stubFor(post(urlEqualTo("/api/chat.postMessage")).withRequestBody(containing("C0DOWN001"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
        assertEquals(200, slack(slackA, SECRET_A, dm("T061EG9R6", "C0DOWN001", "U9", "/help")).statusCode());
        String endUser = EndUsers.hash(binding(slackA, "acme", Platform.SLACK), "U9");
        Await.until(Duration.ofSeconds(30), () -> usageRows("select count(*) from usage_events where end_user = ?"
                + " and channel = 'slack' and status = 'error' and request_id like '%-undelivered'", endUser) == 1,
                "the undelivered reply in the ledger");
        assertEquals(3, posts("/api/chat.postMessage", "C0DOWN001").size(), "attempts within the budget");
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode usage) {
        return java.util.stream.StreamSupport.stream(usage.path("data").spliterator(), false);
    }

    private static boolean contains(JsonNode usage, String channel, String endUser) {
        return stream(usage).anyMatch(b -> b.path("channel").asText().equals(channel)
                && b.path("end_user").asText().equals(endUser) && b.path("requests").asLong() == 1);
    }
}
