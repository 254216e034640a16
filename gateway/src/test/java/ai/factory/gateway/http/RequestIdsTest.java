package ai.factory.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void keeps_a_sane_client_id() {
        assertEquals("trace-42/abc", RequestIds.choose("trace-42/abc"));
    }

    @Test
    void replaces_ids_that_could_break_headers_or_logs() {
        for (String bad : new String[] {null, "", "has space", "new\nline", "quote\"d", "x".repeat(129), "caf\u00e9"}) {
            String chosen = RequestIds.choose(bad);
            assertTrue(chosen.startsWith("req_") && chosen.length() == 28, bad + " -> " + chosen);
        }
    }

    @Test
    void generated_ids_differ() {
        assertNotEquals(RequestIds.generate(), RequestIds.generate());
    }
}
