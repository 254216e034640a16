package ai.factory.gateway.chat.teams;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.chat.InboundTurn;
import ai.factory.gateway.chat.MessageSplitter;
import ai.factory.gateway.chat.PlatformCallException;
import ai.factory.gateway.chat.WebhookOutcome;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replies through the conversation's service URL, with the bot's token, against WireMock. */
class TeamsReplyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPLY = "/amer/v3/conversations/a%3A17I0kl8EkpE1O9PH5TWrzrLNwnWW/activities/1485983408511";
    private WireMockServer api;
    private TeamsPlatform teams;
    private InboundTurn turn;

    @BeforeEach
    void start() {
        api = new WireMockServer(options().dynamicPort());
        api.start();
        teams = TeamsFixtures.platform(api);
        String serviceUrl = api.baseUrl() + "/amer/";
        String body = TeamsFixtures.activity(serviceUrl, "1485983408511", "hello");
        turn = ((WebhookOutcome.Ack) teams.receive(TeamsFixtures.binding(), TeamsFixtures.request(body,
                "Bearer " + TeamsFixtures.token(TeamsFixtures.claims(serviceUrl).build(), TeamsFixtures.KEY)))).turns().get(0);
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void replies_to_the_activity_with_a_client_credentials_token_fetched_once() {
        api.stubFor(post(urlPathMatching("/amer/v3/conversations/.*")).willReturn(okJson("{\"id\":\"1485983408999\"}")));
        assertEquals("1485983408999", teams.post(TeamsFixtures.binding(), turn.reply(), "**Tóm tắt**: xong.").id());
        teams.post(TeamsFixtures.binding(), turn.reply(), "second");
        api.verify(2, postRequestedFor(urlEqualTo(REPLY)).withHeader("Authorization", equalTo("Bearer bot-token-1")));
        api.verify(postRequestedFor(urlEqualTo(REPLY))
                .withRequestBody(matchingJsonPath("$.text", equalTo("**Tóm tắt**: xong.")))
                .withRequestBody(matchingJsonPath("$.textFormat", equalTo("markdown")))
                .withRequestBody(matchingJsonPath("$.replyToId", equalTo("1485983408511")))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo("29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85g"))));
        api.verify(1, postRequestedFor(urlEqualTo("/botframework.com/oauth2/v2.0/token"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=" + TeamsFixtures.APP_ID))
                .withRequestBody(containing("scope=https%3A%2F%2Fapi.botframework.com%2F.default")));
    }

    @Test
    void a_429_is_retryable_with_the_retry_after_teams_sent() {
        api.stubFor(post(urlPathMatching("/amer/v3/conversations/.*")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "7")));
        PlatformCallException e = assertThrows(PlatformCallException.class,
                () -> teams.post(TeamsFixtures.binding(), turn.reply(), "hi"));
        assertTrue(e.retryable());
        assertEquals(Duration.ofSeconds(7), e.retryAfter());
    }

    @Test
    void a_refused_bot_password_is_a_failure_that_is_not_retried() {
        api.stubFor(post("/botframework.com/oauth2/v2.0/token").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"invalid_client\"}")));
        PlatformCallException e = assertThrows(PlatformCallException.class,
                () -> teams.post(TeamsFixtures.binding(), turn.reply(), "hi"));
        assertEquals(401, e.status());
        assertFalse(e.retryable());
    }

    @Test
    void a_10000_character_japanese_answer_goes_in_activities_that_fit_teams_size_limit() throws Exception {
        api.stubFor(post(urlPathMatching("/amer/v3/conversations/.*")).willReturn(okJson("{\"id\":\"x\"}")));
        String text = "第一四半期の売上は前年比で一二％増加しました。".repeat(500).substring(0, 10_000);
        for (String part : MessageSplitter.split(teams.format(text), teams.maxMessageLength())) {
            teams.post(TeamsFixtures.binding(), turn.reply(), part);
        }
        List<String> sent = new ArrayList<>();
        for (LoggedRequest r : api.findAll(postRequestedFor(urlEqualTo(REPLY)))) {
            assertTrue(r.getBody().length < 28_000, "activity of " + r.getBody().length + " bytes");
            String t = JSON.readTree(r.getBodyAsString()).path("text").asText();
            assertTrue(t.getBytes(StandardCharsets.UTF_8).length <= 24_000);
            sent.add(t);
        }
        assertEquals(2, sent.size());
        assertEquals(text, String.join("", sent));
    }
}
