package ai.factory.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes and hashes API keys. A key is {@code sk-gw-} plus 40 base62 characters (238 random bits):
 * the prefix lets secret scanners and people recognise it; the randomness makes a plain SHA-256
 * an adequate, cheap-to-check hash (no per-request bcrypt on the hot path).
 */
public final class ApiKeyCodec {

    public static final String KEY_PREFIX = "sk-gw-";
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What a listing shows of a key: enough to tell keys apart, far too little to use. */
    private static final int SHOWN_CHARS = 12;

    private ApiKeyCodec() {
    }

    public static String newKey() {
        return KEY_PREFIX + random(40);
    }

    public static String newKeyId() {
        return "key_" + random(16);
    }

    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static String shownPrefix(String key) {
        return key.substring(0, Math.min(SHOWN_CHARS, key.length()));
    }

    /** Compares two secrets in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        byte[] x = hash(a).getBytes(StandardCharsets.US_ASCII);
        byte[] y = hash(b).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(x, y);
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(out);
    }
}
