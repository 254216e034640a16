package ai.factory.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Makes, checks and hashes API keys. A key is {@code sk-gw-v1-}, 40 random base62 characters
 * (238 bits) and 6 checksum characters (CRC-32 of everything before them, in base62). The
 * prefix lets secret scanners and people recognise a key; the checksum lets the gateway refuse
 * a mistyped or made-up key without a database lookup; the randomness makes a plain SHA-256 an
 * adequate, cheap-to-check hash (no per-request bcrypt on the hot path).
 *
 * <p>Keys issued before the checksum ({@code sk-gw-} + 40 characters) and keys an operator chose
 * (the local run's demo key) have no version: they are {@link Shape#UNVERSIONED} and still work,
 * looked up as before, but only while such keys exist at all ({@link UnversionedKeys}).
 */
public final class ApiKeyCodec {

    public static final String KEY_PREFIX = "sk-gw-";
    public static final String VERSIONED_PREFIX = "sk-gw-v1-";
    private static final int RANDOM_CHARS = 40;
    private static final int CHECKSUM_CHARS = 6;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What a listing shows of a key: enough to tell keys apart, far too little to use. */
    private static final int SHOWN_RANDOM_CHARS = 6;

    /** What a presented key looks like, before anything is looked up. */
    public enum Shape {
        /** {@code sk-gw-v1-} with a checksum that holds: worth a lookup. */
        VERSIONED,
        /** {@code sk-gw-v1-} with a wrong length, alphabet or checksum: no such key was ever issued. */
        MALFORMED,
        /** No version prefix: an older or operator-chosen key. */
        UNVERSIONED
    }

    private ApiKeyCodec() {
    }

    public static String newKey() {
        String body = VERSIONED_PREFIX + randomBase62(RANDOM_CHARS);
        return body + checksum(body);
    }

    public static String newKeyId() {
        return "key_" + randomBase62(16);
    }

    public static Shape shape(String key) {
        if (!key.startsWith(VERSIONED_PREFIX)) {
            return Shape.UNVERSIONED;
        }
        if (key.length() != VERSIONED_PREFIX.length() + RANDOM_CHARS + CHECKSUM_CHARS) {
            return Shape.MALFORMED;
        }
        for (int i = VERSIONED_PREFIX.length(); i < key.length(); i++) {
            if (BASE62.indexOf(key.charAt(i)) < 0) {
                return Shape.MALFORMED;
            }
        }
        int split = key.length() - CHECKSUM_CHARS;
        return checksum(key.substring(0, split)).equals(key.substring(split)) ? Shape.VERSIONED : Shape.MALFORMED;
    }

    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** For the admin listing only; never put any part of a presented key into an error or a log. */
    public static String shownPrefix(String key) {
        int prefix = key.startsWith(VERSIONED_PREFIX) ? VERSIONED_PREFIX.length() : KEY_PREFIX.length();
        return key.substring(0, Math.min(prefix + SHOWN_RANDOM_CHARS, key.length()));
    }

    /** Compares two secrets in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        byte[] x = hash(a).getBytes(StandardCharsets.US_ASCII);
        byte[] y = hash(b).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(x, y);
    }

    public static String randomBase62(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62.charAt(RANDOM.nextInt(BASE62.length()));
        }
        return new String(out);
    }

    private static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
