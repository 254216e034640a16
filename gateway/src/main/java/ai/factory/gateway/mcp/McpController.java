package ai.factory.gateway.mcp;

import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.error.JsonBodyErrors;
import ai.factory.gateway.http.RequestIds;
import ai.factory.gateway.policy.PolicyCache;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.util.HttpHostResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * MCP's streamable HTTP transport: one JSON-RPC message per POST, answered as JSON or, for a
 * client that only accepts it, as a one-event SSE stream. The tenant key is the bearer token.
 */
@Controller("/mcp")
@Consumes(MediaType.ALL)
@Produces(MediaType.ALL)
public class McpController {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";

    private final KeyAuthenticator authenticator;
    private final PolicyCache policies;
    private final McpSessions sessions;
    private final McpMethods methods;
    private final HttpHostResolver hosts;
    private final McpOrigins origins;
    private final ObjectMapper json;

    public McpController(KeyAuthenticator authenticator, PolicyCache policies, McpSessions sessions, McpMethods methods,
            HttpHostResolver hosts, McpOrigins origins, ObjectMapper json) {
        this.origins = origins;
        this.authenticator = authenticator;
        this.policies = policies;
        this.sessions = sessions;
        this.methods = methods;
        this.hosts = hosts;
        this.json = json;
    }

    @Post
    public CompletableFuture<MutableHttpResponse<?>> post(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return authenticated(request, caller -> {
            JsonNode message;
            try {
                message = body == null || body.length == 0 ? null : json.readTree(body);
            } catch (IOException e) {
                String twice = JsonBodyErrors.duplicateKey(e);
                return done(rpcError(HttpStatus.BAD_REQUEST, JsonRpc.error(null, JsonRpc.PARSE_ERROR,
                        twice == null ? "Parse error" : "Parse error: '" + twice + "' appears more than once", null)));
            }
            if (message == null) {
                return done(rpcError(HttpStatus.BAD_REQUEST, JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: empty body", null)));
            }
            String invalid = McpMessages.invalid(message);
            if (invalid != null) {
                JsonNode id = message.isObject() && JsonRpc.validId(message.get("id")) ? message.get("id") : null;
                return done(rpcError(HttpStatus.BAD_REQUEST, JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Invalid Request: " + invalid, null)));
            }
            String version = request.getHeaders().get(VERSION_HEADER);
            if (version != null && !McpMessages.SUPPORTED_VERSIONS.contains(version)) {
                return done(rpcError(HttpStatus.BAD_REQUEST, JsonRpc.error(message.get("id"), JsonRpc.INVALID_REQUEST,
                        "Unsupported " + VERSION_HEADER + ": " + version, null)));
            }
            String method = message.path("method").asText(null);
            if ("initialize".equals(method) && message.has("id")) {
                ObjectNode result = methods.initialize(message.get("params"));
                String session = sessions.open(caller.tenantId(), result.get("protocolVersion").asText());
                return done(answer(request, method, JsonRpc.result(message.get("id"), result)).header(SESSION_HEADER, session));
            }
            if (sessions.find(request.getHeaders().get(SESSION_HEADER), caller.tenantId()) == null) {
                // The specification: no session id is a bad request, an unknown or ended one is 404.
                boolean missing = request.getHeaders().get(SESSION_HEADER) == null;
                return done(rpcError(missing ? HttpStatus.BAD_REQUEST : HttpStatus.NOT_FOUND, JsonRpc.error(message.get("id"),
                        JsonRpc.INVALID_REQUEST, missing ? "Missing " + SESSION_HEADER : "Unknown or expired session", null)));
            }
            if (!message.has("id") || method == null) {
                // A notification (notifications/initialized, cancelled, ...) or a client's response: nothing to answer.
                return done(HttpResponse.accepted());
            }
            if ("tools/call".equals(method) && McpMessages.wantsEventStream(request.getHeaders().get("Accept"), method)) {
                CompletableFuture<MutableHttpResponse<?>> streamed = policies.policy(caller.tenantId()).thenCompose(policy -> {
                    JsonNode token = methods.tools().progressToken(policy, message.get("params"));
                    return token == null ? CompletableFuture.<MutableHttpResponse<?>>completedFuture(null) : methods.tools().callStreaming(request, RequestIds.of(request), caller,
                            policy, message.get("params"), message.get("id"), token);
                });
                return streamed.handle((response, failure) -> failure == null ? response
                                : rpcFailure(request, method, message.get("id"), failure))
                        .thenCompose(r -> r != null ? done(r) : call(request, caller, message, method));
            }
            return call(request, caller, message, method);
        });
    }

    private CompletableFuture<MutableHttpResponse<?>> call(HttpRequest<?> request, Caller caller, JsonNode message,
            String method) {
        return policies.policy(caller.tenantId())
                    .thenCompose(policy -> methods.handle(request, RequestIds.of(request), caller, policy, method,
                            message.get("params")))
                    .handle((result, failure) -> failure == null
                            ? answer(request, method, JsonRpc.result(message.get("id"), result))
                            : rpcFailure(request, method, message.get("id"), failure));
    }

    /** A JSON-RPC failure becomes that request's error answer; anything else stays a failure (an HTTP error). */
    private MutableHttpResponse<?> rpcFailure(HttpRequest<?> request, String method, JsonNode id, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof JsonRpc.Failure f) {
            return answer(request, method, JsonRpc.error(id, f.code, f.getMessage(), f.data));
        }
        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
    }

    /** This server offers no server-initiated stream: the specification's answer is 405. */
    @Get
    public CompletableFuture<MutableHttpResponse<?>> get(HttpRequest<?> request) {
        return authenticated(request, caller -> done(HttpResponse.status(HttpStatus.METHOD_NOT_ALLOWED).header("Allow", "POST, DELETE")));
    }

    @Delete
    public CompletableFuture<MutableHttpResponse<?>> delete(HttpRequest<?> request) {
        return authenticated(request, caller -> done(sessions.close(request.getHeaders().get(SESSION_HEADER), caller.tenantId())
                ? HttpResponse.noContent() : HttpResponse.notFound()));
    }

    private CompletableFuture<MutableHttpResponse<?>> authenticated(HttpRequest<?> request,
            Function<Caller, CompletableFuture<MutableHttpResponse<?>>> then) {
        if (!origins.allowed(request)) {
            return done(ErrorResponses.of(GatewayError.forbidden("origin_not_allowed", null,
                    "this Origin may not use /mcp; an operator allows it with gateway.mcp.allowed-origins")));
        }
        return authenticator.authenticate(request).thenCompose(then)
                .handle((response, failure) -> failure == null ? response : failed(request, failure));
    }

    private MutableHttpResponse<?> failed(HttpRequest<?> request, Throwable failure) {
        GatewayError error = ErrorResponses.toGatewayError(failure);
        MutableHttpResponse<byte[]> response = ErrorResponses.of(error);
        if (error.status() == 401) {
            // RFC 9728 §5.1: point the client at the protected-resource metadata.
            response.header("WWW-Authenticate", "Bearer resource_metadata=\""
                    + hosts.resolve(request) + ProtectedResourceController.PATH + "\"");
        }
        return response;
    }

    private MutableHttpResponse<?> answer(HttpRequest<?> request, String method, JsonNode message) {
        byte[] bytes = bytes(message);
        if (McpMessages.wantsEventStream(request.getHeaders().get("Accept"), method)) {
            String event = "event: message\ndata: " + new String(bytes, StandardCharsets.UTF_8) + "\n\n";
            return HttpResponse.ok(event.getBytes(StandardCharsets.UTF_8))
                    .contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
        }
        return HttpResponse.ok(bytes).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private MutableHttpResponse<?> rpcError(HttpStatus status, JsonNode message) {
        return HttpResponse.status(status).body(bytes(message)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<MutableHttpResponse<?>> done(MutableHttpResponse<?> response) {
        return CompletableFuture.completedFuture(response);
    }
}
