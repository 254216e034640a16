package ai.factory.gateway.mcp.upstream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrantsTest {

    @Test
    void a_tenant_may_use_its_listed_tools_and_those_granted_to_every_tenant() {
        Grants grants = new Grants(Map.of("acme", Set.of("query"), "*", Set.of("ping")));
        assertTrue(grants.allows("acme", "query"));
        assertTrue(grants.allows("acme", "ping"));
        assertTrue(grants.allows("globex", "ping"));
        assertFalse(grants.allows("globex", "query"));
        assertFalse(grants.allows("acme", "delete"));
    }

    @Test
    void a_star_tool_grants_every_tool_and_nothing_granted_is_closed() {
        assertTrue(new Grants(Map.of("acme", Set.of("*"))).allows("acme", "anything"));
        assertFalse(new Grants(Map.of("acme", Set.of("*"))).allows("globex", "anything"));
        assertFalse(new Grants(Map.of()).allows("acme", "query"));
    }
}
