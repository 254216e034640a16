package ai.factory.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyCodecTest {

    @Test
    void keys_are_prefixed_random_and_hash_to_stable_hex() {
        String a = ApiKeyCodec.newKey();
        String b = ApiKeyCodec.newKey();
        assertTrue(a.matches("sk-gw-[0-9A-Za-z]{40}"), a);
        assertNotEquals(a, b);
        assertEquals(ApiKeyCodec.hash(a), ApiKeyCodec.hash(a));
        assertTrue(ApiKeyCodec.hash(a).matches("[0-9a-f]{64}"));
        assertNotEquals(ApiKeyCodec.hash(a), ApiKeyCodec.hash(b));
        assertEquals(a.substring(0, 12), ApiKeyCodec.shownPrefix(a));
    }

    @Test
    void constant_time_comparison_still_compares() {
        assertTrue(ApiKeyCodec.constantTimeEquals("token", "token"));
        assertFalse(ApiKeyCodec.constantTimeEquals("token", "tokeN"));
        assertFalse(ApiKeyCodec.constantTimeEquals("token", "token-longer"));
    }

    @Test
    void caller_allow_list_and_expiry() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Caller open = new Caller("t", "k", Set.of(), null);
        Caller narrow = new Caller("t", "k", Set.of("embed-default"), now);
        assertTrue(open.mayUse("anything"));
        assertTrue(narrow.mayUse("embed-default"));
        assertFalse(narrow.mayUse("chat-default"));
        assertFalse(open.expiredAt(now));
        assertTrue(narrow.expiredAt(now));
        assertFalse(narrow.expiredAt(now.minusSeconds(1)));
    }
}
