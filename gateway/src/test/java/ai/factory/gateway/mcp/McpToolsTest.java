package ai.factory.gateway.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class McpToolsTest {

    @Test
    void an_unknown_tool_name_is_echoed_cut_to_64_characters_and_without_control_characters() {
        assertEquals("sentiment", McpTools.shown("sentiment"));
        assertEquals("a".repeat(64) + "…", McpTools.shown("a".repeat(5000)));
        assertEquals("bad?name?", McpTools.shown("bad\u0001name\n"));
    }
}
