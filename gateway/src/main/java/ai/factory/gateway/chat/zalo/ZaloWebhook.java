package ai.factory.gateway.chat.zalo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Zalo OA webhooks, verified as Zalo documents: {@code X-ZEvent-Signature} is
 * {@code "mac=" + hex(sha256(appId + rawBody + timestamp + oaSecretKey))}, the timestamp being the
 * body's {@code timestamp} field (or {@code X-ZEvent-Timestamp}, where a delivery carries it there;
 * the window is checked on the timestamp that was signed). The body's {@code app_id} must be the binding's, and an event
 * older than {@code maxAge} is refused as a replay (duplicates inside the window are refused by
 * event id in the dispatcher's dedup).
 */
public final class ZaloWebhook {

    public static final String SIGNATURE_HEADER = "X-ZEvent-Signature";
    public static final String TIMESTAMP_HEADER = "X-ZEvent-Timestamp";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ZaloWebhook() {
    }

    public static ZaloEvent verifyAndParse(String appId, String oaSecretKey, String signature, String headerTimestamp,
            byte[] body, Instant now, Duration maxAge) throws Rejected, Malformed {
        if (signature == null || !signature.startsWith("mac=")) {
            throw new Rejected("signature missing");
        }
        JsonNode e;
        try {
            e = JSON.readTree(body);
        } catch (IOException notJson) {
            throw new Rejected("body unreadable");
        }
        if (e == null || !e.isObject()) {
            throw new Rejected("no event to verify");
        }
        String raw = new String(body, StandardCharsets.UTF_8);
        byte[] given = signature.substring(4).trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        // Zalo signs the body's timestamp; some deliveries carry it as X-ZEvent-Timestamp instead.
        String signed = null;
        for (String ts : new String[] {e.path("timestamp").isValueNode() ? e.path("timestamp").asText() : null,
                headerTimestamp}) {
            if (ts != null && !ts.isBlank() && MessageDigest.isEqual(given, mac(appId, raw, ts, oaSecretKey))) {
                signed = ts;
                break;
            }
        }
        if (signed == null) {
            throw new Rejected("signature does not match");
        }
        if (!appId.equals(e.path("app_id").asText())) {
            throw new Rejected("event for another app");
        }
        long at;
        try {
            at = Long.parseLong(signed.trim());
        } catch (NumberFormatException bad) {
            throw new Malformed();
        }
        if (Instant.ofEpochMilli(at).isBefore(now.minus(maxAge))) {
            throw new Rejected("event too old: a replay");
        }
        return new ZaloEvent(e.path("event_name").asText(null), appId, e.path("sender").path("id").asText(null),
                e.path("recipient").path("id").asText(null), e.path("message").path("text").asText(null),
                e.path("message").path("msg_id").asText(null), at);
    }

    private static byte[] mac(String appId, String raw, String timestamp, String secret) {
        return HexFormat.of().formatHex(sha256(appId + raw + timestamp + secret)).getBytes(StandardCharsets.US_ASCII);
    }

    /** What a Zalo server sends, for tests and tools that play it. */
    public static String sign(String appId, String rawBody, String timestamp, String oaSecretKey) {
        return "mac=" + HexFormat.of().formatHex(sha256(appId + rawBody + timestamp + oaSecretKey));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Missing or wrong signature, another app's event, or a replay: 401, nothing processed. */
    public static final class Rejected extends Exception {
        Rejected(String why) {
            super("Zalo event rejected: " + why, null, false, false);
        }
    }

    /** Signed but unreadable: 400. */
    public static final class Malformed extends Exception {
        Malformed() {
            super("not a Zalo event", null, false, false);
        }
    }
}
