package ai.factory.gateway.chat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Credentials at rest: AES-256-GCM with a fresh 96-bit nonce per write, the binding's id and
 * tenant as associated data (a ciphertext copied to another row does not decrypt). Stored as
 * {@code version(1) || nonce(12) || ciphertext+tag}. The plaintext is a small length-prefixed map,
 * never JSON that a log line could pretty-print.
 */
public final class CredentialCipher {

    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private CredentialCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The key as configured: base64 of exactly 32 bytes; anything else stops the caller loudly. */
    public static CredentialCipher fromBase64(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("GATEWAY_CHANNEL_KEY is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("GATEWAY_CHANNEL_KEY must be 32 bytes (base64 of 32 random bytes), not "
                    + raw.length);
        }
        return new CredentialCipher(raw);
    }

    public byte[] seal(String bindingId, String tenantId, Map<String, String> credentials) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(bindingId, tenantId));
            byte[] sealed = cipher.doFinal(encode(credentials));
            return ByteBuffer.allocate(1 + NONCE + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt channel credentials", e);
        }
    }

    public ChannelCredentials open(String bindingId, String tenantId, byte[] stored) {
        if (stored.length < 1 + NONCE + 16 || stored[0] != VERSION) {
            throw new IllegalStateException("channel credentials of binding " + bindingId + " are not in a known format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 1, NONCE));
            cipher.updateAAD(aad(bindingId, tenantId));
            return new ChannelCredentials(decode(cipher.doFinal(stored, 1 + NONCE, stored.length - 1 - NONCE)));
        } catch (GeneralSecurityException e) {
            // Wrong key, or a ciphertext moved from another row: never a partial secret.
            throw new IllegalStateException("channel credentials of binding " + bindingId
                    + " do not decrypt with GATEWAY_CHANNEL_KEY");
        }
    }

    private static byte[] aad(String bindingId, String tenantId) {
        return (bindingId + '\n' + tenantId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encode(Map<String, String> values) {
        ByteBuffer out = ByteBuffer.allocate(64 + values.entrySet().stream()
                .mapToInt(e -> 8 + utf8(e.getKey()).length + utf8(e.getValue()).length).sum());
        out.putInt(values.size());
        new TreeMap<>(values).forEach((name, value) -> {
            out.putInt(utf8(name).length).put(utf8(name));
            out.putInt(utf8(value).length).put(utf8(value));
        });
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private static Map<String, String> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Map<String, String> values = new TreeMap<>();
        for (int n = in.getInt(); n > 0; n--) {
            values.put(string(in), string(in));
        }
        return values;
    }

    private static String string(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
