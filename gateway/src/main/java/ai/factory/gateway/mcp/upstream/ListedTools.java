package ai.factory.gateway.mcp.upstream;

import ai.factory.gateway.observe.metrics.KnownTools;
import jakarta.inject.Singleton;

/**
 * An aggregated tool name ({@code <upstream>__<tool>}) is a known metric label only when its
 * upstream is registered and last listed that tool: a grant of {@code *} admits any name a client
 * types, but only the upstream's own list bounds the label values.
 */
@Singleton
public class ListedTools implements KnownTools {

    private final UpstreamRegistry registry;

    public ListedTools(UpstreamRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean known(String toolName) {
        return ToolNames.parse(toolName).map(name -> {
            UpstreamLink link = registry.find(name.upstream());
            return link != null && link.lists(name.tool());
        }).orElse(false);
    }
}
