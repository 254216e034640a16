/**
 * The governed MCP gateway: upstream MCP servers registered by operators
 * ({@code /admin/mcp/upstreams}, {@link ai.factory.gateway.mcp.upstream.UpstreamAdminController}) and
 * aggregated behind {@code /mcp} as {@code <upstream>__<tool>}
 * ({@link ai.factory.gateway.mcp.upstream.ToolNames}). {@link ai.factory.gateway.mcp.upstream.UpstreamTools}
 * is the face {@code McpMethods} uses: per-tenant grants, a per-tenant per-tool limit in Redis, one
 * breaker and timeout per upstream ({@link ai.factory.gateway.mcp.upstream.UpstreamLink}, over the MCP
 * Java SDK's client), credentials injected upstream and redacted from what comes back, and one usage
 * event per call. The registry keeps the upstreams in memory, so {@code /mcp} never reads PostgreSQL.
 */
package ai.factory.gateway.mcp.upstream;
