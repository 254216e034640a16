package ai.factory.gateway.chat.line;

import ai.factory.gateway.chat.ChannelBinding;
import ai.factory.gateway.chat.ChannelCredentials;
import ai.factory.gateway.chat.Platform;
import ai.factory.gateway.chat.Signatures;
import ai.factory.gateway.chat.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/** LINE webhook bodies shaped like the Messaging API reference's examples, signed as LINE signs them. */
public final class LineFixtures {

    public static final String SECRET = "8c570fa6dd201bb328f1c1eac23a96d8";

    private LineFixtures() {
    }

    public static ChannelBinding binding() {
        return new ChannelBinding("b-line", "t1", Platform.LINE, "2000000001", "chat-assistant", Set.of(), 0,
                new ChannelCredentials(Map.of("channel_secret", SECRET, "access_token", "line-token")));
    }

    public static String textEvent(String eventId, boolean redelivery, String replyToken, String text) {
        return """
                {"destination":"U9f6f1d3a6b2c4e8f0a1b2c3d4e5f6a7b","events":[{"replyToken":"%s","type":"message",\
                "mode":"active","timestamp":1462629479859,"source":{"type":"user","userId":"U4af4980629a1b2c3d4e5f6a7b8c9d0e1"},\
                "webhookEventId":"%s","deliveryContext":{"isRedelivery":%s},\
                "message":{"id":"444573844083572737","type":"text","quoteToken":"q3Plxr4AgKd","text":"%s"}}]}"""
                .formatted(replyToken, eventId, redelivery, text);
    }

    public static String sign(String body) {
        return Base64.getEncoder().encodeToString(Signatures.hmacSha256(SECRET, body.getBytes(StandardCharsets.UTF_8)));
    }

    public static WebhookRequest request(String body, String signature) {
        return new WebhookRequest(signature == null ? Map.of() : Map.of("X-Line-Signature", signature),
                body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }
}
