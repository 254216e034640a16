package ai.factory.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.error.GatewayError;
import org.junit.jupiter.api.Test;

class ClientIdsTest {

    private static void refused(String param, Runnable check) {
        GatewayError e = assertThrows(GatewayError.class, check::run);
        assertEquals(400, e.status());
        assertEquals(param, e.param());
    }

    @Test
    void accepts_the_identifiers_real_clients_send() {
        for (String model : new String[] {"chat-default", "meta-llama/Llama-3.1-8B-Instruct", "ft:gpt-4o:acme:x@2",
                "qwen2.5+lora", "m".repeat(128)}) {
            assertEquals(model, ClientIds.model("model", model));
        }
        assertEquals("meeting-minutes", ClientIds.product("meeting-minutes"));
        assertEquals("trace-42/abc", ClientIds.token("x-request-id", "trace-42/abc"));
        assertEquals("user@example.com 42 — café", ClientIds.endUser("user@example.com 42 — café"));
    }

    @Test
    void refuses_a_too_long_identifier_without_echoing_it() {
        String huge = "x".repeat(5000);
        GatewayError e = assertThrows(GatewayError.class, () -> ClientIds.model("model", huge));
        assertEquals("model", e.param());
        assertFalse(e.getMessage().contains("xxxx"), e.getMessage());
        refused("product", () -> ClientIds.product("p".repeat(65)));
        refused("x-session-id", () -> ClientIds.token("x-session-id", "s".repeat(129)));
        refused("user", () -> ClientIds.endUser("u".repeat(257)));
    }

    @Test
    void refuses_characters_that_break_keys_headers_or_log_lines() {
        for (String bad : new String[] {"", "has space", "new\nline", "quote\"d", "semi;colon", "caf\u00e9", "nul\u0000"}) {
            refused("x-request-id", () -> ClientIds.token("x-request-id", bad));
            assertFalse(ClientIds.isToken(bad), bad);
        }
        refused("model", () -> ClientIds.model("model", "chat default"));
        refused("model", () -> ClientIds.model("model", "{tenant}"));
        refused("product", () -> ClientIds.product("../admin"));
        refused("user", () -> ClientIds.endUser("line\r\nbreak"));
        refused("user", () -> ClientIds.endUser("sep\u2028arator"));
        assertTrue(ClientIds.isToken("abc-123"));
    }
}
