package ai.factory.gateway.chat.slack;

import ai.factory.gateway.chat.Signatures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Slack's request signing, v0: {@code X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing secret,
 * "v0:" + X-Slack-Request-Timestamp + ":" + raw body))}, refused when the timestamp is more than
 * five minutes from now (a replay).
 */
public final class SlackSignature {

    public static final Duration WINDOW = Duration.ofMinutes(5);

    private SlackSignature() {
    }

    /** Null when the request verifies, else why not (for the log). */
    public static String problem(String signingSecret, String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null) {
            return "missing X-Slack-Signature or X-Slack-Request-Timestamp";
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return "X-Slack-Request-Timestamp is not a number";
        }
        if (Math.abs(now.getEpochSecond() - ts) > WINDOW.toSeconds()) {
            return "timestamp outside the 5-minute window";
        }
        return Signatures.same(sign(signingSecret, timestamp.trim(), body), signature.trim()) ? null : "bad signature";
    }

    public static String sign(String signingSecret, String timestamp, byte[] body) {
        byte[] prefix = ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
        byte[] base = ByteBuffer.allocate(prefix.length + body.length).put(prefix).put(body).array();
        return "v0=" + HexFormat.of().formatHex(Signatures.hmacSha256(signingSecret, base));
    }
}
