package ai.factory.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final Map<String, String> SECRETS = Map.of("signing_secret", "s3cr3t-シークレット", "bot_token", "xoxb-1");

    @Test
    void sealed_credentials_open_to_the_same_values_and_never_hold_them_in_clear() {
        CredentialCipher cipher = CredentialCipher.fromBase64(KEY);
        byte[] sealed = cipher.seal("ch_1", "acme", SECRETS);
        assertEquals(SECRETS, cipher.open("ch_1", "acme", sealed).values());
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("xoxb-1"));
        assertFalse(Arrays.equals(sealed, cipher.seal("ch_1", "acme", SECRETS)), "a fresh nonce each time");
    }

    @Test
    void a_ciphertext_moved_to_another_row_or_tenant_does_not_open() {
        CredentialCipher cipher = CredentialCipher.fromBase64(KEY);
        byte[] sealed = cipher.seal("ch_1", "acme", SECRETS);
        assertThrows(IllegalStateException.class, () -> cipher.open("ch_2", "acme", sealed));
        assertThrows(IllegalStateException.class, () -> cipher.open("ch_1", "globex", sealed));
    }

    @Test
    void a_tampered_ciphertext_or_another_key_does_not_open() {
        byte[] sealed = CredentialCipher.fromBase64(KEY).seal("ch_1", "acme", SECRETS);
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> CredentialCipher.fromBase64(KEY).open("ch_1", "acme", tampered));
        assertThrows(IllegalStateException.class, () -> CredentialCipher.fromBase64(OTHER_KEY).open("ch_1", "acme", sealed));
    }

    @Test
    void a_key_that_is_not_32_bytes_of_base64_stops_loudly_without_echoing_it() {
        IllegalStateException shortKey = assertThrows(IllegalStateException.class,
                () -> CredentialCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[16])));
        assertEquals("GATEWAY_CHANNEL_KEY must be 32 bytes (base64 of 32 random bytes), not 16", shortKey.getMessage());
        IllegalStateException notBase64 = assertThrows(IllegalStateException.class, () -> CredentialCipher.fromBase64("not base64!"));
        assertNotEquals(-1, notBase64.getMessage().indexOf("not base64"));
        assertFalse(notBase64.getMessage().contains("not base64!"));
    }

    @Test
    void credentials_never_print_their_values() {
        assertEquals("ChannelCredentials[bot_token]", new ChannelCredentials(Map.of("bot_token", "xoxb-1")).toString());
    }
}
