package ai.factory.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.redis.RedisKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

    private static final RedisKeys KEYS = new RedisKeys(16);
    private static final String BASE = "{\"model\":\"m\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static String key(String tenant, String body) {
        return CacheKeys.key(KEYS, tenant, "chat-default", "CHAT", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_same_request_in_another_order_spacing_or_escaping_has_the_same_key() {
        String same = key("acme", BASE);
        assertEquals(same, key("acme", BASE));
        assertEquals(same, key("acme", "{ \"messages\": [ {\"content\":\"h\\u0069\", \"role\":\"user\"} ],\n \"temperature\": 0 , \"model\":\"m\"}"));
        assertEquals(same, key("acme", "{\"user\":\"u1\",\"metadata\":{\"a\":1},\"model\":\"other\",\"temperature\":0,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), "user, metadata and the model name do not change the answer");
    }

    @Test
    void anything_that_changes_the_answer_changes_the_key() {
        String base = key("acme", BASE);
        assertNotEquals(base, key("globex", BASE), "tenants never share an entry");
        assertTrue(key("globex", BASE).contains("globex"));
        assertNotEquals(base, key("acme", BASE.replace("hi", "ho")));
        assertNotEquals(base, key("acme", BASE.replace("\"temperature\":0", "\"temperature\":0.5")));
        assertNotEquals(base, key("acme", BASE.replace("\"role\":\"user\"", "\"role\":\"system\"")));
        assertNotEquals(base, key("acme", BASE.replace("}]}", "},{\"role\":\"user\",\"content\":\"\"}]}")));
        assertNotEquals(key("acme", "{\"a\":[\"x\",\"y\"]}"), key("acme", "{\"a\":[\"xy\"]}"), "values never run together");
        assertNotEquals(base, CacheKeys.key(KEYS, "acme", "chat-other", "CHAT", BASE.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_tree_built_body_has_the_key_of_the_same_bytes() throws Exception {
        assertEquals(key("acme", BASE), CacheKeys.key(KEYS, "acme", "chat-default", "CHAT", new ObjectMapper().readTree(BASE)));
    }
}
