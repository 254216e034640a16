package ai.factory.gateway.chat.line;

import static ai.factory.gateway.chat.line.LineFixtures.binding;
import static ai.factory.gateway.chat.line.LineFixtures.request;
import static ai.factory.gateway.chat.line.LineFixtures.sign;
import static ai.factory.gateway.chat.line.LineFixtures.textEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.chat.EndUsers;
import ai.factory.gateway.chat.InboundTurn;
import ai.factory.gateway.chat.Signatures;
import ai.factory.gateway.chat.WebhookOutcome;
import java.net.URI;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LineWebhookTest {

    private final LinePlatform line = new LinePlatform(URI.create("http://127.0.0.1:9"));

    @Test
    void a_signed_text_message_becomes_one_turn_with_its_reply_token_and_event_id() {
        String body = textEvent("01FZ74A0TDDPYRVKNK77XKC3ZR", false, "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA", "おはよう Xin chào");
        WebhookOutcome.Ack ack = assertInstanceOf(WebhookOutcome.Ack.class, line.receive(binding(), request(body, sign(body))));
        assertEquals(1, ack.turns().size());
        InboundTurn turn = ack.turns().get(0);
        assertEquals("01FZ74A0TDDPYRVKNK77XKC3ZR", turn.eventId());
        assertEquals("おはよう Xin chào", turn.text());
        assertEquals("U4af4980629a1b2c3d4e5f6a7b8c9d0e1", turn.reply().conversation());
        assertEquals("nHuyWiB7yP5Zw52FIkcQobQuGDXCTA", turn.reply().extra().get("replyToken"));
        assertEquals(EndUsers.hash(binding(), "U4af4980629a1b2c3d4e5f6a7b8c9d0e1"), turn.endUser());
        assertNotEquals("U4af4980629a1b2c3d4e5f6a7b8c9d0e1", turn.endUser());
    }

    @Test
    void a_redelivered_event_keeps_its_webhook_event_id_so_the_core_answers_it_once() throws Exception {
        String first = textEvent("01H7EVENT", false, "tok1", "hi");
        String again = textEvent("01H7EVENT", true, "tok2", "hi");
        InboundTurn a = ((WebhookOutcome.Ack) line.receive(binding(), request(first, sign(first)))).turns().get(0);
        InboundTurn b = ((WebhookOutcome.Ack) line.receive(binding(), request(again, sign(again)))).turns().get(0);
        assertEquals(a.eventId(), b.eventId());
        assertTrue(LineWebhook.verifyAndParse(LineFixtures.SECRET, sign(again), again.getBytes()).get(0).redelivery());
        assertFalse(LineWebhook.verifyAndParse(LineFixtures.SECRET, sign(first), first.getBytes()).get(0).redelivery());
    }

    @Test
    void a_wrong_signature_is_refused_with_401() {
        String body = textEvent("e1", false, "t", "hi");
        String otherSecret = Base64.getEncoder().encodeToString(
                Signatures.hmacSha256("another-secret", body.getBytes()));
        assertEquals(401, assertInstanceOf(WebhookOutcome.Rejected.class,
                line.receive(binding(), request(body, otherSecret))).status());
    }

    @Test
    void a_missing_signature_is_refused_with_401() {
        String body = textEvent("e1", false, "t", "hi");
        assertEquals(401, assertInstanceOf(WebhookOutcome.Rejected.class, line.receive(binding(), request(body, null))).status());
    }

    @Test
    void a_body_changed_after_signing_is_refused_with_401() {
        String body = textEvent("e1", false, "t", "hi");
        String signature = sign(body);
        String tampered = body.replace("\"hi\"", "\"/translate ja\"");
        assertEquals(401, assertInstanceOf(WebhookOutcome.Rejected.class,
                line.receive(binding(), request(tampered, signature))).status());
    }

    @Test
    void a_follow_event_is_acknowledged_without_a_turn() {
        String body = """
                {"destination":"Uxxx","events":[{"replyToken":"85cbe770fa8b4f45bbe077b1d4be4a36","type":"follow",\
                "mode":"active","timestamp":1705891467176,"source":{"type":"user","userId":"U3d3edab4f36c6292e6d8a8131f141b8b"},\
                "webhookEventId":"01HMQGW40RZJPJM3RAJP7BHC2Q","deliveryContext":{"isRedelivery":false},\
                "follow":{"isUnblocked":false}}]}""";
        WebhookOutcome.Ack ack = assertInstanceOf(WebhookOutcome.Ack.class, line.receive(binding(), request(body, sign(body))));
        assertTrue(ack.turns().isEmpty());
    }

    @Test
    void a_group_message_is_answered_in_the_group_and_billed_to_its_sender() {
        String body = textEvent("e-group", false, "t", "hello")
                .replace("{\"type\":\"user\",\"userId\":\"U4af4980629a1b2c3d4e5f6a7b8c9d0e1\"}",
                        "{\"type\":\"group\",\"groupId\":\"Ca56f94637c1a2b3c4d5e6f7a8b9c0d1e\",\"userId\":\"U4af4980629a1b2c3d4e5f6a7b8c9d0e1\"}");
        InboundTurn turn = ((WebhookOutcome.Ack) line.receive(binding(), request(body, sign(body)))).turns().get(0);
        assertEquals("Ca56f94637c1a2b3c4d5e6f7a8b9c0d1e", turn.conversation());
        assertEquals(EndUsers.hash(binding(), "U4af4980629a1b2c3d4e5f6a7b8c9d0e1"), turn.endUser());
    }

    @Test
    void a_signed_body_that_is_not_json_is_a_400() {
        String body = "not json";
        assertEquals(400, assertInstanceOf(WebhookOutcome.Rejected.class, line.receive(binding(), request(body, sign(body)))).status());
    }

    @Test
    void the_consoles_verify_call_with_no_events_is_acknowledged() {
        String body = "{\"destination\":\"U9f6f1d3a6b2c4e8f0a1b2c3d4e5f6a7b\",\"events\":[]}";
        WebhookOutcome.Ack ack = assertInstanceOf(WebhookOutcome.Ack.class, line.receive(binding(), request(body, sign(body))));
        assertTrue(ack.turns().isEmpty());
    }
}
