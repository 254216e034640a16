package ai.factory.gateway.chat.teams;

import static ai.factory.gateway.chat.teams.TeamsFixtures.activity;
import static ai.factory.gateway.chat.teams.TeamsFixtures.binding;
import static ai.factory.gateway.chat.teams.TeamsFixtures.claims;
import static ai.factory.gateway.chat.teams.TeamsFixtures.request;
import static ai.factory.gateway.chat.teams.TeamsFixtures.token;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ai.factory.gateway.chat.EndUsers;
import ai.factory.gateway.chat.InboundTurn;
import ai.factory.gateway.chat.WebhookOutcome;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bot Framework authentication as Microsoft specifies it, against keys served by WireMock. */
class TeamsAuthIT {

    private static WireMockServer api;
    private static TeamsPlatform teams;
    private static String serviceUrl;

    @BeforeAll
    static void start() {
        api = new WireMockServer(options().dynamicPort());
        api.start();
        teams = TeamsFixtures.platform(api);
        serviceUrl = api.baseUrl() + "/amer/";
    }

    @AfterAll
    static void stop() {
        api.stop();
    }

    private WebhookOutcome receive(JWTClaimsSet claims) {
        String body = activity(serviceUrl, "1485983408511", "<at>Factory Bot</at> 議事録をまとめて");
        return teams.receive(binding(), request(body, "Bearer " + token(claims, TeamsFixtures.KEY)));
    }

    private int refused(JWTClaimsSet claims) {
        return assertInstanceOf(WebhookOutcome.Rejected.class, receive(claims)).status();
    }

    @Test
    void a_message_with_a_valid_bot_framework_token_becomes_a_turn_without_the_mention() {
        WebhookOutcome.Ack ack = assertInstanceOf(WebhookOutcome.Ack.class, receive(claims(serviceUrl).build()));
        InboundTurn turn = ack.turns().get(0);
        assertEquals("議事録をまとめて", turn.text());
        assertEquals("1485983408511", turn.eventId());
        assertEquals("a:17I0kl8EkpE1O9PH5TWrzrLNwnWW", turn.conversation());
        assertEquals(EndUsers.hash(binding(), "29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85g"), turn.endUser());
        assertEquals(serviceUrl, turn.reply().extra().get("serviceUrl"));
    }

    @Test
    void a_token_expired_beyond_the_clock_skew_is_refused() {
        assertEquals(401, refused(claims(serviceUrl).expirationTime(Date.from(Instant.now().minusSeconds(600))).build()));
    }

    @Test
    void a_token_expired_within_the_clock_skew_is_accepted() {
        assertInstanceOf(WebhookOutcome.Ack.class,
                receive(claims(serviceUrl).expirationTime(Date.from(Instant.now().minusSeconds(60))).build()));
    }

    @Test
    void a_token_not_yet_valid_is_refused() {
        assertEquals(401, refused(claims(serviceUrl).notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build()));
    }

    @Test
    void a_token_from_another_issuer_is_refused() {
        assertEquals(401, refused(claims(serviceUrl).issuer("https://sts.windows.net/evil/").build()));
    }

    @Test
    void a_token_for_another_bot_is_refused() {
        assertEquals(401, refused(claims(serviceUrl).audience("another-app-id").build()));
    }

    @Test
    void a_token_whose_service_url_is_not_the_activitys_is_refused() {
        assertEquals(401, refused(claims(serviceUrl).claim("serviceurl", "https://attacker.example/").build()));
    }

    @Test
    void a_token_without_expiry_is_refused() {
        assertEquals(401, refused(new JWTClaimsSet.Builder(claims(serviceUrl).build()).expirationTime(null).build()));
    }

    @Test
    void a_token_signed_by_a_key_not_in_the_metadata_is_refused_even_with_a_known_key_id() {
        String body = activity(serviceUrl, "1", "hi");
        String forged = token(claims(serviceUrl).build(), TeamsFixtures.STRANGER);
        assertEquals(401, assertInstanceOf(WebhookOutcome.Rejected.class,
                teams.receive(binding(), request(body, "Bearer " + forged))).status());
    }

    @Test
    void an_activity_without_a_token_is_refused() {
        assertEquals(401, assertInstanceOf(WebhookOutcome.Rejected.class,
                teams.receive(binding(), request(activity(serviceUrl, "1", "hi"), null))).status());
    }

    @Test
    void an_unsigned_token_is_refused() {
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String payload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims(serviceUrl).build().toString().getBytes());
        assertEquals(401, assertInstanceOf(WebhookOutcome.Rejected.class, teams.receive(binding(),
                request(activity(serviceUrl, "1", "hi"), "Bearer " + header + "." + payload + "."))).status());
    }

    @Test
    void an_activity_from_a_channel_the_signing_key_is_not_endorsed_for_is_refused() {
        String body = activity(serviceUrl, "1", "hi").replace("\"channelId\":\"msteams\"", "\"channelId\":\"slack\"");
        String token = token(claims(serviceUrl).build(), TeamsFixtures.KEY);
        assertEquals(401, assertInstanceOf(WebhookOutcome.Rejected.class,
                teams.receive(binding(), request(body, "Bearer " + token))).status());
    }

    @Test
    void a_conversation_update_is_acknowledged_without_a_turn() {
        String body = activity(serviceUrl, "f:2", "x").replace("\"type\":\"message\"", "\"type\":\"conversationUpdate\"")
                .replace(",\"text\":\"x\"", "");
        String token = token(claims(serviceUrl).build(), TeamsFixtures.KEY);
        WebhookOutcome.Ack ack = assertInstanceOf(WebhookOutcome.Ack.class, teams.receive(binding(), request(body, "Bearer " + token)));
        assertEquals(0, ack.turns().size());
    }
}
