package ai.factory.gateway.mcp.upstream;

import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.mcp.JsonRpc;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The upstream MCP servers' tools behind {@code /mcp}, governed per tenant: only granted tools are
 * listed or called (any other is an unknown tool and its upstream is never reached), each call is
 * admitted by the tenant's per-tool limit, guarded by its upstream's breaker and timeout, and
 * leaves one usage event. Refusals before the upstream (limit, open circuit) are JSON-RPC errors
 * carrying the retry time; a call the upstream failed or did not finish is a tool result with
 * {@code isError}, as a failed product is. Nothing the client receives holds a credential.
 */
@Singleton
public class UpstreamTools {

    private final UpstreamRegistry registry;
    private final ToolCallLimiter limiter;
    private final ToolCallUsage usage;
    private final ObjectMapper json;

    public UpstreamTools(UpstreamRegistry registry, ToolCallLimiter limiter, ToolCallUsage usage, ObjectMapper json) {
        this.registry = registry;
        this.limiter = limiter;
        this.json = json;
        this.usage = usage;
    }

    /** True when {@code name} can only be an upstream tool's (it carries the prefix separator). */
    public boolean names(String name) {
        return ToolNames.parse(name).isPresent();
    }

    /** The tenant's granted upstream tools as MCP tool definitions, named {@code <upstream>__<tool>}. */
    public CompletableFuture<List<ObjectNode>> list(String tenantId) {
        List<CompletableFuture<List<ObjectNode>>> parts = new ArrayList<>();
        for (UpstreamLink link : registry.all()) {
            Grants grants = link.upstream().grants();
            if (!grants.byTenant().containsKey(tenantId) && !grants.byTenant().containsKey(Grants.ANY)) {
                continue;
            }
            parts.add(link.tools().thenApply(tools -> tools.stream()
                    .filter(t -> t.name() != null && grants.allows(tenantId, t.name()))
                    .map(t -> definition(link, t)).toList()));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> parts.stream()
                .flatMap(p -> p.join().stream())
                .sorted(Comparator.comparing(t -> t.path("name").asText())).toList());
    }

    private ObjectNode definition(UpstreamLink link, McpSchema.Tool tool) {
        ObjectNode node = json.valueToTree(tool);
        node.put("name", ToolNames.of(link.upstream().name(), tool.name()));
        return (ObjectNode) link.redaction().tree(node);
    }

    public CompletableFuture<JsonNode> call(String requestId, Caller caller, String name, JsonNode arguments) {
        ToolNames.Name tool = ToolNames.parse(name).orElseThrow();
        UpstreamLink link = registry.find(tool.upstream());
        if (link == null || !link.upstream().grants().allows(caller.tenantId(), tool.tool())) {
            // Denied is as unknown as absent: the tenant learns nothing of others' tools.
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "Unknown tool: " + name);
        }
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "params.arguments must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> args = arguments == null || arguments.isNull() ? Map.of() : json.convertValue(arguments, Map.class);
        Call c = new Call(requestId, System.currentTimeMillis(), System.nanoTime(), Context.current(), caller, link, name);
        return limiter.check(caller.tenantId(), name, link.upstream().limitFor(tool.tool()), requestId)
                .exceptionally(failure -> {
                    throw new JsonRpc.Failure(JsonRpc.INTERNAL_ERROR, "the tool's rate limit could not be checked;"
                            + " retry shortly");
                })
                .thenCompose(verdict -> {
                    if (!verdict.admitted()) {
                        record(c, "rejected", 429);
                        throw refusal(JsonRpc.RATE_LIMITED, "rate limited: at most " + link.upstream().limitFor(tool.tool())
                                + " calls per minute of " + name + " (retry after " + verdict.retryAfterSeconds() + " s)",
                                verdict.retryAfterSeconds());
                    }
                    return link.call(tool.tool(), args);
                })
                .handle((result, failure) -> {
                    if (failure == null) {
                        boolean error = Boolean.TRUE.equals(result.isError());
                        record(c, error ? "error" : "ok", 200);
                        return link.redaction().tree(json.valueToTree(result));
                    }
                    return failed(c, failure);
                });
    }

    private JsonNode failed(Call c, Throwable failure) {
        UpstreamLink link = c.link();
        Throwable cause = UpstreamFailure.unwrap(failure);
        String upstream = link.upstream().name();
        if (cause instanceof JsonRpc.Failure f) {
            throw f;
        }
        if (cause instanceof UpstreamFailure.Open open) {
            // Not the tenant's limit but the upstream's failure: an error, as a pipeline request that
            // found every pool's breaker open is.
            record(c, "error", 503);
            throw refusal(JsonRpc.UPSTREAM_UNAVAILABLE, open.getMessage() + " (retry after "
                    + open.retryAfter.toSeconds() + " s)", Math.max(1, open.retryAfter.toSeconds()));
        }
        if (cause instanceof McpError e && e.getJsonRpcError() != null) {
            // The upstream answered with a JSON-RPC error: passed on, its text without our credentials.
            record(c, "error", 200);
            throw new JsonRpc.Failure(e.getJsonRpcError().code(), "upstream '" + upstream + "': "
                    + link.redaction().text(String.valueOf(e.getJsonRpcError().message())));
        }
        boolean timeout = cause instanceof TimeoutException;
        record(c, "error", timeout ? 504 : 502);
        // Never the exception's text: it could quote a request. Its kind is enough to act on.
        String text = timeout ? "the upstream MCP server '" + upstream + "' did not answer within "
                + link.upstream().timeout().toMillis() + " ms"
                : "the upstream MCP server '" + upstream + "' failed (" + UpstreamLink.describe(failure) + ")";
        ObjectNode result = json.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", true);
        return result;
    }

    private JsonRpc.Failure refusal(int code, String message, long retryAfterSeconds) {
        ObjectNode data = json.createObjectNode();
        data.put("retryAfterSeconds", retryAfterSeconds);
        return new JsonRpc.Failure(code, message, data);
    }

    /** One call's facts, for its usage event; {@code trace} is the request's context, for the tool span. */
    private record Call(String requestId, long startMillis, long startNanos, Context trace, Caller caller,
            UpstreamLink link, String name) {
    }

    private void record(Call c, String status, int httpStatus) {
        usage.record(c.requestId(), c.startMillis(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c.startNanos()),
                c.trace(), c.caller(), c.link().upstream().name(), c.name(), status, httpStatus);
    }
}
