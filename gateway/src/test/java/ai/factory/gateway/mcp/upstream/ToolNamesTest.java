package ai.factory.gateway.mcp.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToolNamesTest {

    @Test
    void the_first_double_underscore_ends_the_upstream_prefix() {
        assertEquals(Optional.of(new ToolNames.Name("search", "query")), ToolNames.parse("search__query"));
        assertEquals(Optional.of(new ToolNames.Name("my-tools", "read__file")), ToolNames.parse("my-tools__read__file"));
        assertEquals(Optional.of(new ToolNames.Name("a_b", "c")), ToolNames.parse("a_b__c"));
        assertEquals("search__query", ToolNames.of("search", "query"));
    }

    @Test
    void a_product_id_or_a_malformed_name_is_no_upstream_tool() {
        for (String name : new String[] {"sentiment", "sql-from-text", "__query", "search__", "Search__query",
                "a b__c", "", null}) {
            assertEquals(Optional.empty(), ToolNames.parse(name), String.valueOf(name));
        }
    }

    @Test
    void a_tool_name_mcp_would_not_allow_is_no_upstream_tool_so_it_never_reaches_the_upstream() {
        assertEquals(Optional.of(new ToolNames.Name("search", "a".repeat(128))), ToolNames.parse("search__" + "a".repeat(128)));
        assertEquals(Optional.of(new ToolNames.Name("search", "Read.File-2")), ToolNames.parse("search__Read.File-2"));
        for (String tool : new String[] {"a".repeat(129), "a".repeat(5000), "ctl\u0001", "new\nline", "sp ace", "é"}) {
            assertEquals(Optional.empty(), ToolNames.parse("search__" + tool), tool.length() + " characters");
        }
    }

    @Test
    void an_upstream_name_cannot_hold_the_separator_or_end_in_an_underscore() {
        assertTrue(ToolNames.validUpstream("search"));
        assertTrue(ToolNames.validUpstream("code-search_2"));
        assertTrue(ToolNames.validUpstream("a".repeat(32)));
        for (String bad : new String[] {"a__b", "a_", "_a", "-a", "A", "a.b", "a".repeat(33), "", null}) {
            assertFalse(ToolNames.validUpstream(bad), String.valueOf(bad));
        }
    }
}
