package ai.factory.gateway.mcp.upstream;

import java.util.Map;
import java.util.Set;

/**
 * Which tenants may see and call which of an upstream's tools. Keys are tenant ids or {@code *}
 * (every tenant); values are tool names (as the upstream names them) or {@code *} (all of its
 * tools). Nothing granted means nothing visible: an upstream is closed until an operator opens it.
 */
public record Grants(Map<String, Set<String>> byTenant) {

    public static final String ANY = "*";

    public Grants {
        byTenant = Map.copyOf(byTenant);
    }

    public boolean allows(String tenant, String tool) {
        return allows(byTenant.get(tenant), tool) || allows(byTenant.get(ANY), tool);
    }

    private static boolean allows(Set<String> tools, String tool) {
        return tools != null && (tools.contains(ANY) || tools.contains(tool));
    }
}
