package ai.factory.gateway.mcp.upstream;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One registered upstream MCP server, as the request path uses it: credentials already opened.
 *
 * @param headers the credentials, sent on every request to the upstream and nowhere else
 * @param requestsPerMinute calls per tenant and per tool in any minute; 0 for no limit
 * @param toolRequestsPerMinute per-tool overrides of {@code requestsPerMinute}
 * @param version the row's last update: an unchanged upstream keeps its client, breaker and tool list
 */
public record Upstream(String name, URI url, Map<String, String> headers, Duration timeout, int requestsPerMinute,
        Map<String, Integer> toolRequestsPerMinute, Grants grants, Instant version) {

    public Upstream {
        headers = Map.copyOf(headers);
        toolRequestsPerMinute = Map.copyOf(toolRequestsPerMinute);
    }

    public int limitFor(String tool) {
        return toolRequestsPerMinute.getOrDefault(tool, requestsPerMinute);
    }

    @Override
    public String toString() {
        // Never the header values.
        return "Upstream[" + name + " " + url + " headers=" + headers.keySet() + "]";
    }
}
