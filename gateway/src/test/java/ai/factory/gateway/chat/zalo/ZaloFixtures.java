package ai.factory.gateway.chat.zalo;

import ai.factory.gateway.chat.ChannelBinding;
import ai.factory.gateway.chat.ChannelCredentials;
import ai.factory.gateway.chat.Platform;
import ai.factory.gateway.chat.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Zalo OA webhook bodies shaped like Zalo's documented user_send_text example, signed as Zalo signs them. */
public final class ZaloFixtures {

    public static final String APP_ID = "360846524940903967";
    public static final String OA_ID = "388613280878808645";
    public static final String SECRET = "oa-secret-key-for-tests";

    private ZaloFixtures() {
    }

    public static ChannelBinding binding() {
        return new ChannelBinding("b-zalo", "t1", Platform.ZALO, OA_ID, "chat-assistant", Set.of(), 0,
                new ChannelCredentials(Map.of("app_id", APP_ID, "oa_secret_key", SECRET, "access_token", "zalo-token")));
    }

    public static String textEvent(String msgId, long timestampMillis, String text) {
        return """
                {"app_id":"%s","sender":{"id":"246845883529197922"},"user_id_by_app":"552177279717587730",\
                "recipient":{"id":"%s"},"event_name":"user_send_text","message":{"text":"%s","msg_id":"%s"},\
                "timestamp":"%d"}""".formatted(APP_ID, OA_ID, text, msgId, timestampMillis);
    }

    public static String sign(String body, long timestampMillis) {
        return ZaloWebhook.sign(APP_ID, body, Long.toString(timestampMillis), SECRET);
    }

    public static WebhookRequest request(String body, String signature, Instant at) {
        return new WebhookRequest(signature == null ? Map.of() : Map.of("X-ZEvent-Signature", signature),
                body.getBytes(StandardCharsets.UTF_8), at);
    }
}
