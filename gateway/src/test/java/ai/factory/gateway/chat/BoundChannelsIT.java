package ai.factory.gateway.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.chat.slack.SlackSignature;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Channels bound to a binding: every plain message there is answered, messages in other channels
 * and groups are acknowledged and ignored (nothing taken, queued or billed), and the bot's own
 * messages and edits never start a turn. WireMock plays Slack and Telegram, the emulator the model.
 */
class BoundChannelsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REDIS_DB = 41;
    private static final String SECRET = "bound-channels-signing-secret";
    private static final String TEAM = "T0BOUND01";
    private static final String BOUND = "C0BOUND01";
    private static final String BOUND_GROUP = "-1001234567890";
    private static WireMockServer platforms;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;
    private static String slack;
    private static String telegram;

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(REDIS_DB)
            .properties(UsageFixtures.quickFlush())
            .emulator("gpu", EmulatorConfig.builder().ttftMillis(10).interTokenMillis(5))
            .alias("chat-default", "gpu")
            .wiremockServer("platforms")
            .urlProperty("gateway.chat.slack.api-url", "platforms", "/api")
            .urlProperty("gateway.chat.telegram.api-url", "platforms", "")
            .channelKey()
            .tenant("acme")
            .build();


    @BeforeAll
    static void bindAndConnect() {
        platforms = gw.wiremock("platforms");
        platforms.stubFor(post(urlEqualTo("/api/chat.postMessage"))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"" + BOUND + "\",\"ts\":\"1515449600.000200\"}")));
        platforms.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("{\"ok\":true}")));
        platforms.stubFor(post(urlMatching("/bot.*/sendMessage")).willReturn(okJson("{\"ok\":true,\"result\":{\"message_id\":9}}")));
        platforms.stubFor(post(urlMatching("/bot.*/editMessageText")).willReturn(okJson("{\"ok\":true,\"result\":{}}")));
        slack = bind(binding("slack", TEAM, List.of(BOUND), Map.of("signing_secret", SECRET, "bot_token", "xoxb-bound")));
        telegram = bind(binding("telegram", "777", List.of(BOUND_GROUP),
                Map.of("bot_token", "777:TG", "secret_token", "tg-bound")));
        redisClient = RedisClient.create(gw.redisUri());
        redis = redisClient.connect();
    }

    @AfterAll
    static void disconnect() {
        redis.close();
        redisClient.shutdown();
    }

    /** A channel binding for the admin API; {@code channels} null leaves the field out. */
    private static String binding(String platform, String workspace, Object channels, Map<String, String> credentials) {
        Bodies.Body body = Bodies.object().put("platform", platform).put("workspace", workspace);
        if (channels != null) {
            body.put("channels", channels);
        }
        return body.put("credentials", credentials).json();
    }

    private static String bind(String body) {
        try {
            return JSON.readTree(Admin.call(gw.app(), "POST", "/admin/tenants/acme/channels", body).body()).get("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code message.channels} event as Slack documents it; {@code extra} adds fields to the event. */
    private static String channelMessage(String channel, String text, String extra) {
        return "{\"team_id\":\"" + TEAM + "\",\"api_app_id\":\"A0BOUND01\",\"event\":{\"type\":\"message\","
                + "\"channel\":\"" + channel + "\",\"channel_type\":\"channel\",\"user\":\"U0MEMBER1\",\"text\":\"" + text
                + "\",\"ts\":\"1515449633.000300\",\"event_ts\":\"1515449633.000300\"" + extra + "},"
                + "\"type\":\"event_callback\",\"event_id\":\"Ev" + UUID.randomUUID().toString().replace("-", "")
                + "\",\"event_time\":1515449633}";
    }

    private static HttpResponse<String> slack(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(Instant.now().getEpochSecond());
        return gw.app().send(HttpRequest.newBuilder(gw.app().uri("/chat/slack/" + slack))
                .header("content-type", "application/json").header("x-slack-request-timestamp", ts)
                .header("x-slack-signature", SlackSignature.sign(SECRET, ts, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private static HttpResponse<String> telegram(long chat, String type, long updateId, String text) {
        String update = "{\"update_id\":" + updateId + ",\"message\":{\"message_id\":" + updateId + ",\"date\":1441645532,"
                + "\"chat\":{\"id\":" + chat + ",\"title\":\"Team\",\"type\":\"" + type + "\"},"
                + "\"from\":{\"id\":" + updateId + ",\"is_bot\":false,\"first_name\":\"Hoa\"},\"text\":\"" + text + "\"}}";
        return gw.app().send(HttpRequest.newBuilder(gw.app().uri("/chat/telegram/" + telegram))
                .header("content-type", "application/json").header("x-telegram-bot-api-secret-token", "tg-bound")
                .POST(HttpRequest.BodyPublishers.ofString(update)).build());
    }

    private static List<LoggedRequest> posts(String path, String conversation) {
        return platforms.findAll(postRequestedFor(urlMatching(path)).withRequestBody(containing("\"" + conversation + "\"")));
    }

    /** Deliveries the binding has taken in Redis: one per turn queued. */
    private static int taken(String bindingId) {
        return redis.sync().keys("chat:*seen:" + bindingId + ":*").size();
    }

    private static long usageRows(String sql, Object... params) {
        return UsageFixtures.count(gw.jdbcUrl(), sql, params);
    }

    private static String endUser(String bindingId, Platform platform, String user) {
        return EndUsers.hash(new ChannelBinding(bindingId, "acme", platform, "", "chat-assistant", Set.of(), 0,
                new ChannelCredentials(Map.of())), user);
    }

    @Test
    void a_plain_message_in_a_bound_slack_channel_is_answered_in_its_thread_and_billed_with_channel_and_end_user()
            throws Exception {
        assertEquals(200, slack(channelMessage(BOUND, "what ships this week?", "")).statusCode());
        Await.until(Duration.ofSeconds(30), () -> !posts("/api/chat.postMessage", BOUND).isEmpty(), "the answer");
        JsonNode first = JSON.readTree(posts("/api/chat.postMessage", BOUND).get(0).getBodyAsString());
        assertEquals("1515449633.000300", first.path("thread_ts").asText(), "answered in the message's thread");
        String endUser = endUser(slack, Platform.SLACK, "U0MEMBER1");
        Await.until(Duration.ofSeconds(30), () -> usageRows("select count(*) from usage_events where tenant_id = 'acme'"
                + " and channel = 'slack' and end_user = ? and product = 'chat-assistant'", endUser) == 1,
                "the turn's usage event with channel and end user");
    }

    @Test
    void a_plain_message_in_an_unbound_slack_channel_is_acknowledged_and_nothing_is_taken_or_answered() {
        int before = taken(slack);
        HttpResponse<String> ack = slack(channelMessage("C0ELSEWHR", "chatter the bot should not answer", ""));
        assertEquals(200, ack.statusCode(), ack.body());
        assertEquals(before, taken(slack), "no delivery taken in Redis");
        // A private channel (group) that is not bound either.
        assertEquals(200, slack(channelMessage("G0ELSEWHR", "private chatter", "")
                .replace("\"channel_type\":\"channel\"", "\"channel_type\":\"group\"")).statusCode());
        assertEquals(before, taken(slack));
        assertTrue(posts("/api/chat.postMessage", "C0ELSEWHR").isEmpty());
        assertTrue(posts("/api/chat.postMessage", "G0ELSEWHR").isEmpty());
    }

    @Test
    void the_bots_own_messages_and_edits_in_a_bound_channel_start_no_turn() {
        int before = taken(slack);
        // What chat.postMessage and chat.update produce come back as message events: answering them would loop.
        assertEquals(200, slack(channelMessage(BOUND, "an answer of the bot", ",\"bot_id\":\"B0BOT0001\"")).statusCode());
        assertEquals(200, slack(channelMessage(BOUND, "edited", ",\"subtype\":\"message_changed\"")).statusCode());
        assertEquals(200, slack(channelMessage(BOUND, "joined", ",\"subtype\":\"channel_join\"")).statusCode());
        assertEquals(before, taken(slack), "none of them was taken as a turn");
    }

    @Test
    void a_mention_in_a_bound_channel_is_answered_once_although_slack_sends_it_as_mention_and_message() {
        String channel = "C0BOUND01";
        int before = taken(slack);
        String mention = channelMessage(channel, "<@U0BOT0001> hello", "").replace("U0MEMBER1", "U0MENTION").replace("\"type\":\"message\"", "\"type\":\"app_mention\"")
                .replace(",\"channel_type\":\"channel\"", "");
        assertEquals(200, slack(mention).statusCode());
        assertEquals(before, taken(slack), "the app_mention of a bound channel is left to its message event");
        assertEquals(200, slack(channelMessage(channel, "<@U0BOT0001> hello", "").replace("U0MEMBER1", "U0MENTION")).statusCode());
        assertEquals(before + 1, taken(slack), "the message event is the one turn");
    }

    @Test
    void a_message_in_a_bound_telegram_group_is_answered_and_one_in_another_group_is_ignored() {
        int before = taken(telegram);
        assertEquals(200, telegram(-1009999999999L, "supergroup", 20001, "chatter in another group").statusCode());
        assertEquals(before, taken(telegram), "another group's plain message is not taken");
        assertEquals(200, telegram(Long.parseLong(BOUND_GROUP), "supergroup", 20002, "tóm tắt cuộc họp hôm nay").statusCode());
        Await.until(Duration.ofSeconds(30), () -> !posts("/bot777:TG/sendMessage", BOUND_GROUP).isEmpty(),
                "the answer in the bound group");
        String endUser = endUser(telegram, Platform.TELEGRAM, "20002");
        Await.until(Duration.ofSeconds(30), () -> usageRows("select count(*) from usage_events where channel = 'telegram'"
                + " and end_user = ?", endUser) == 1, "the group turn's usage event");
        assertTrue(posts("/bot777:TG/sendMessage", "-1009999999999").isEmpty());
    }

    @Test
    void a_command_in_an_unbound_telegram_group_is_still_answered() {
        assertEquals(200, telegram(-1008888888888L, "group", 20003, "/help").statusCode());
        Await.until(Duration.ofSeconds(30), () -> !posts("/bot777:TG/sendMessage", "-1008888888888").isEmpty(),
                "the help in the unbound group");
    }

    @Test
    void the_admin_api_validates_channels_and_shows_them(GatewayApp app) throws Exception {
        Map<String, String> slackCredentials = Map.of("signing_secret", "s", "bot_token", "xoxb");
        HttpResponse<String> notAList = adminPost(binding("slack", "T0BADCHAN", "C1", slackCredentials));
        assertEquals(400, notAList.statusCode());
        assertEquals("channels", JSON.readTree(notAList.body()).at("/error/param").asText(), notAList.body());
        HttpResponse<String> badId = adminPost(binding("slack", "T0BADCHAN", List.of("C1,C2"), slackCredentials));
        assertEquals(400, badId.statusCode(), "a comma would smuggle a second channel into the stored list");
        assertEquals("invalid_request_error", JSON.readTree(badId.body()).at("/error/type").asText());
        HttpResponse<String> line = adminPost(binding("line", "2000000009", List.of("C1"),
                Map.of("channel_secret", "s", "access_token", "t")));
        assertEquals(400, line.statusCode(), line.body());

        JsonNode view = JSON.readTree(Admin.call(app, "GET", "/admin/tenants/acme/channels/" + slack, null).body());
        assertEquals(List.of(BOUND), JSON.convertValue(view.get("channels"), List.class));
        String other = bind(binding("slack", "T0UPDATE1", null, slackCredentials));
        JsonNode updated = JSON.readTree(Admin.call(app, "PUT", "/admin/tenants/acme/channels/" + other,
                Bodies.object().put("channels", List.of("C0NEW0001", "G0NEW0002")).json()).body());
        assertEquals(List.of("C0NEW0001", "G0NEW0002"), JSON.convertValue(updated.get("channels"), List.class));
    }

    private static HttpResponse<String> adminPost(String body) {
        return gw.app().send(HttpRequest.newBuilder(gw.app().uri("/admin/tenants/acme/channels"))
                .header("authorization", "Bearer " + GatewayApp.ADMIN_TOKEN).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
