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
    void keys_are_versioned_random_checksummed_and_hash_to_stable_hex() {
        String a = ApiKeyCodec.newKey();
        String b = ApiKeyCodec.newKey();
        assertTrue(a.matches("sk-gw-v1-[0-9A-Za-z]{46}"), a);
        assertNotEquals(a, b);
        assertEquals(ApiKeyCodec.Shape.VERSIONED, ApiKeyCodec.shape(a));
        assertEquals(ApiKeyCodec.hash(a), ApiKeyCodec.hash(a));
        assertTrue(ApiKeyCodec.hash(a).matches("[0-9a-f]{64}"));
        assertNotEquals(ApiKeyCodec.hash(a), ApiKeyCodec.hash(b));
        assertEquals(a.substring(0, 15), ApiKeyCodec.shownPrefix(a));
    }

    @Test
    void any_change_to_a_versioned_key_breaks_its_checksum() {
        String key = ApiKeyCodec.newKey();
        for (int i = ApiKeyCodec.VERSIONED_PREFIX.length(); i < key.length(); i++) {
            char c = key.charAt(i) == 'a' ? 'b' : 'a';
            String typo = key.substring(0, i) + c + key.substring(i + 1);
            assertEquals(ApiKeyCodec.Shape.MALFORMED, ApiKeyCodec.shape(typo), typo);
        }
        assertEquals(ApiKeyCodec.Shape.MALFORMED, ApiKeyCodec.shape(key + "x"));
        assertEquals(ApiKeyCodec.Shape.MALFORMED, ApiKeyCodec.shape(key.substring(0, key.length() - 1)));
        assertEquals(ApiKeyCodec.Shape.MALFORMED, ApiKeyCodec.shape(key.substring(0, key.length() - 1) + "!"));
    }

    @Test
    void random_strings_almost_never_pass_the_checksum() {
        int passed = 0;
        for (int i = 0; i < 100_000; i++) {
            String body = ApiKeyCodec.VERSIONED_PREFIX + ApiKeyCodec.randomBase62(46);
            if (ApiKeyCodec.shape(body) != ApiKeyCodec.Shape.MALFORMED) {
                passed++;
            }
        }
        // CRC-32 in 6 base62 characters: about one in 4 billion passes by chance.
        assertTrue(passed <= 1, passed + " of 100000 random keys passed");
    }

    @Test
    void keys_without_the_version_are_unversioned_and_shown_as_before() {
        String old = "sk-gw-" + ApiKeyCodec.randomBase62(40);
        assertEquals(ApiKeyCodec.Shape.UNVERSIONED, ApiKeyCodec.shape(old));
        assertEquals(ApiKeyCodec.Shape.UNVERSIONED, ApiKeyCodec.shape("sk-gw-chosen-demo-key-0123456789"));
        assertEquals(ApiKeyCodec.Shape.UNVERSIONED, ApiKeyCodec.shape("anything"));
        assertEquals(old.substring(0, 12), ApiKeyCodec.shownPrefix(old));
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
