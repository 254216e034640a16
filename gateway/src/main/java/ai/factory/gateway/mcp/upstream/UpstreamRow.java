package ai.factory.gateway.mcp.upstream;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** An {@code mcp_upstreams} row as stored: credentials sealed, grants and tool limits as JSON text. */
@MappedEntity("mcp_upstreams")
public record UpstreamRow(@Id String name, String url, @Nullable byte[] credentials, String credentialNames,
        int timeoutMs, int requestsPerMinute, String toolLimits, String grants,
        @DateCreated Instant createdAt, @DateUpdated Instant updatedAt) {
}
