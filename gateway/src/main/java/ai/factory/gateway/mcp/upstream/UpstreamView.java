package ai.factory.gateway.mcp.upstream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the admin API shows of an upstream MCP server: everything but the header values. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UpstreamView(String name, String object, String url, @JsonProperty("tool_prefix") String toolPrefix,
                           @JsonProperty("header_names") List<String> headerNames,
                           @JsonProperty("timeout_ms") int timeoutMs,
                           @JsonProperty("requests_per_minute") int requestsPerMinute,
                           @JsonProperty("tool_requests_per_minute") Map<String, Integer> toolRequestsPerMinute,
                           Map<String, Set<String>> tenants,
                           @Nullable @JsonProperty("created_at") Long createdAt,
                           @Nullable @JsonProperty("updated_at") Long updatedAt) {

    static UpstreamView of(UpstreamRow row, Map<String, Integer> toolLimits, Map<String, Set<String>> grants) {
        return new UpstreamView(row.name(), "mcp.upstream", row.url(), row.name() + ToolNames.SEPARATOR,
                row.credentialNames().isEmpty() ? List.of() : List.of(row.credentialNames().split(",")),
                row.timeoutMs(), row.requestsPerMinute(), toolLimits, grants,
                row.createdAt() == null ? null : row.createdAt().getEpochSecond(),
                row.updatedAt() == null ? null : row.updatedAt().getEpochSecond());
    }
}
