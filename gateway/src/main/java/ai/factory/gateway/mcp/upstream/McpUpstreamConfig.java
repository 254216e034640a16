package ai.factory.gateway.mcp.upstream;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code gateway.mcp.upstream.*}: how upstream MCP servers are reached and guarded. What differs per
 * upstream (URL, credentials, timeout, limits, grants) is registered through the admin API instead.
 *
 * @param toolsTtl how long an upstream's tool list is reused before it is fetched again
 * @param refresh how often the registered upstreams are re-read from PostgreSQL (other instances'
 *     admin changes arrive within this)
 * @param breakerFailureRate percentage of failed calls that opens an upstream's circuit
 * @param breakerMinimumCalls calls counted before the failure rate is judged
 * @param breakerWindow calls in the breaker's sliding window
 * @param breakerOpenFor how long an open circuit refuses calls before letting trial calls through
 */
@ConfigurationProperties("gateway.mcp.upstream")
public record McpUpstreamConfig(
        @Bindable(defaultValue = "30s") Duration toolsTtl,
        @Bindable(defaultValue = "30s") Duration refresh,
        @Bindable(defaultValue = "50") int breakerFailureRate,
        @Bindable(defaultValue = "5") int breakerMinimumCalls,
        @Bindable(defaultValue = "20") int breakerWindow,
        @Bindable(defaultValue = "30s") Duration breakerOpenFor) {
}
