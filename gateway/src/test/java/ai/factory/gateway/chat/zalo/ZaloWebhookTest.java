package ai.factory.gateway.chat.zalo;

import static ai.factory.gateway.chat.zalo.ZaloFixtures.binding;
import static ai.factory.gateway.chat.zalo.ZaloFixtures.request;
import static ai.factory.gateway.chat.zalo.ZaloFixtures.sign;
import static ai.factory.gateway.chat.zalo.ZaloFixtures.textEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.chat.EndUsers;
import ai.factory.gateway.chat.InboundTurn;
import ai.factory.gateway.chat.Signatures;
import ai.factory.gateway.chat.WebhookOutcome;
import ai.factory.gateway.chat.WebhookRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZaloWebhookTest {

    private final ZaloPlatform zalo = new ZaloPlatform(URI.create("http://127.0.0.1:9"), Duration.ofMinutes(5));
    private final Instant now = Instant.now();
    private final long ts = now.toEpochMilli() - 1_000;

    @Test
    void the_mac_is_sha256_of_app_id_body_timestamp_and_secret_as_zalo_documents() {
        String body = textEvent("m1", ts, "hi");
        String expected = "mac=" + HexFormat.of().formatHex(Signatures.sha256(
                (ZaloFixtures.APP_ID + body + ts + ZaloFixtures.SECRET).getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, sign(body, ts));
    }

    @Test
    void a_signed_vietnamese_message_becomes_one_turn_with_its_text_intact() {
        String text = "Xin chào! Tóm tắt giúp tôi cuộc họp hôm nay được không? Cảm ơn nhiều ạ.";
        String body = textEvent("96d3cdf3af150460909", ts, text);
        WebhookOutcome.Ack ack = assertInstanceOf(WebhookOutcome.Ack.class, zalo.receive(binding(), request(body, sign(body, ts), now)));
        InboundTurn turn = ack.turns().get(0);
        assertEquals(text, turn.text());
        assertEquals("96d3cdf3af150460909", turn.eventId());
        assertEquals("246845883529197922", turn.reply().conversation());
        assertEquals(EndUsers.hash(binding(), "246845883529197922"), turn.endUser());
    }

    @Test
    void a_wrong_mac_is_refused_with_401() {
        String body = textEvent("m1", ts, "hi");
        String forged = ZaloWebhook.sign(ZaloFixtures.APP_ID, body, Long.toString(ts), "another-secret");
        assertEquals(401, rejected(request(body, forged, now)).status());
    }

    @Test
    void a_missing_signature_is_refused_with_401() {
        assertEquals(401, rejected(request(textEvent("m1", ts, "hi"), null, now)).status());
    }

    @Test
    void a_body_changed_after_signing_is_refused_with_401() {
        String body = textEvent("m1", ts, "hi");
        assertEquals(401, rejected(request(body.replace("\"hi\"", "\"/reset\""), sign(body, ts), now)).status());
    }

    @Test
    void a_replayed_event_older_than_five_minutes_is_refused_even_when_its_mac_is_right() {
        long old = now.minus(Duration.ofMinutes(6)).toEpochMilli();
        String body = textEvent("m-old", old, "hi");
        assertEquals(401, rejected(request(body, sign(body, old), now)).status());
    }

    @Test
    void an_event_for_another_official_account_is_refused() {
        String body = textEvent("m1", ts, "hi").replace(ZaloFixtures.OA_ID, "111111111111111111");
        assertEquals(401, rejected(request(body, sign(body, ts), now)).status());
    }

    @Test
    void a_follow_event_is_acknowledged_without_a_turn() {
        String body = """
                {"app_id":"%s","oa_id":"%s","user_id_by_app":"552177279717587730","event_name":"follow",\
                "timestamp":"%d","source":"testing_webhook","follower":{"id":"6721919773619722312"},\
                "recipient":{"id":"%s"}}""".formatted(ZaloFixtures.APP_ID, ZaloFixtures.OA_ID, ts, ZaloFixtures.OA_ID);
        WebhookOutcome.Ack ack = assertInstanceOf(WebhookOutcome.Ack.class, zalo.receive(binding(), request(body, sign(body, ts), now)));
        assertTrue(ack.turns().isEmpty());
    }

    private WebhookOutcome.Rejected rejected(WebhookRequest r) {
        return assertInstanceOf(WebhookOutcome.Rejected.class, zalo.receive(binding(), r));
    }

    @Test
    void a_timestamp_carried_in_the_x_zevent_timestamp_header_verifies_when_it_is_the_signed_one() {
        String body = textEvent("m-header", ts, "hi").replace(",\"timestamp\":\"" + ts + "\"", "");
        var headers = Map.of("X-ZEvent-Signature", sign(body, ts), "X-ZEvent-Timestamp", Long.toString(ts));
        var request = new WebhookRequest(headers, body.getBytes(StandardCharsets.UTF_8), now);
        assertEquals(1, assertInstanceOf(WebhookOutcome.Ack.class, zalo.receive(binding(), request)).turns().size());
        var lying = new WebhookRequest(Map.of("X-ZEvent-Signature", sign(body, ts),
                "X-ZEvent-Timestamp", Long.toString(ts + 1)), body.getBytes(StandardCharsets.UTF_8), now);
        assertEquals(401, rejected(lying).status());
    }
}
