package ai.factory.gateway.api;

import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.config.GatewayConfig;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.http.RequestIds;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.fallback.Router;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The request path of the OpenAI-compatible API: authenticate, parse, resolve the model alias,
 * route to a backend, relay its answer. Every step is non-blocking; the only thread switch is a
 * key-cache miss, which reads PostgreSQL on the blocking pool.
 */
@Singleton
public class ProxyPipeline {

    private final KeyAuthenticator authenticator;
    private final RouteTable routes;
    private final Router router;
    private final ReplyRelay relay;
    private final GatewayConfig config;
    private final ObjectMapper json;

    public ProxyPipeline(KeyAuthenticator authenticator, RouteTable routes, Router router, ReplyRelay relay,
            GatewayConfig config, ObjectMapper json) {
        this.authenticator = authenticator;
        this.routes = routes;
        this.router = router;
        this.relay = relay;
        this.config = config;
        this.json = json;
    }

    public CompletableFuture<MutableHttpResponse<?>> handle(HttpRequest<?> http, Operation operation, byte[] body) {
        String requestId = RequestIds.of(http);
        Context trace = Context.current();
        return authenticator.authenticate(http.getHeaders().get(HttpHeaders.AUTHORIZATION))
                .thenCompose(caller -> {
                    ParsedRequest request = ParsedRequest.parse(operation, body, json);
                    ModelAlias alias = resolve(caller, request.model());
                    return router.route(alias, target -> backendRequest(request, target, requestId, trace))
                            .thenCompose(routed -> relay.relay(request, routed));
                })
                .handle((response, failure) -> failure == null ? response : ErrorResponses.of(failure));
    }

    private ModelAlias resolve(Caller caller, String model) {
        ModelAlias alias = routes.alias(model).orElseThrow(() -> GatewayError.notFound("model_not_found", "model",
                "the model '" + model + "' does not exist; GET /v1/models lists the models this key may use"));
        if (!caller.mayUse(model)) {
            throw GatewayError.forbidden("model_not_allowed", "model",
                    "this API key may not use the model '" + model + "'");
        }
        return alias;
    }

    /** The client's body with the pool's own model name; attempts run one after another, so in place is safe. */
    private BackendRequest backendRequest(ParsedRequest request, Target target, String requestId, Context trace) {
        request.body().put("model", target.servedModel());
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(request.body());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> headers = new HashMap<>();
        headers.put(RequestIds.HEADER, requestId);
        if (target.pool().apiKey() != null) {
            headers.put("authorization", "Bearer " + target.pool().apiKey());
        }
        return new BackendRequest(request.operation().path(), bytes, request.stream(), headers,
                config.getFirstByteTimeout(), trace);
    }
}
