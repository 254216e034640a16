package ai.factory.gateway.api.stage;

import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.config.GatewayConfig;
import ai.factory.gateway.http.RequestIds;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.fallback.RouteHints;
import ai.factory.routing.fallback.Router;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Stage 5: pool, endpoint, retries and the fallback chain ({@link Router}) until a backend
 * answers; each attempt gets the client's body with the target's own model name.
 */
@Singleton
public class Route {

    private final Router router;
    private final GatewayConfig config;

    public Route(Router router, GatewayConfig config) {
        this.router = router;
        this.config = config;
    }

    public CompletableFuture<Routed> apply(Admitted admitted) {
        Resolved resolved = admitted.resolved();
        Arrival arrival = admitted.arrival();
        // Who asks and what the prompt starts with: tenant rules and data residency pick the
        // allowed targets, the prefix and session steer to the endpoint holding the KV cache.
        RouteHints hints = new RouteHints(admitted.caller().tenantId(), null, arrival.sessionId(),
                admitted.request().prefixBlocks(),
                (int) Math.min(Integer.MAX_VALUE, resolved.promptTokens()), admitted.reservation().priority(),
                admitted.reservation().tier(), admitted.terms().adapter(), admitted.request().renderedPrompt());
        return router.route(resolved.alias(), hints, target -> backendRequest(admitted, target))
                .thenApply(reply -> new Routed(admitted, reply));
    }

    /** The client's bytes with the pool's own model name (and stream_options) spliced in. */
    private BackendRequest backendRequest(Admitted admitted, Target target) {
        ParsedRequest request = admitted.request();
        Arrival arrival = admitted.arrival();
        byte[] bytes = request.backendBody(target.servedModel());
        Map<String, String> headers = new HashMap<>();
        // The backend's x-request-id is ours (unique, so a model server that keys its own work by it
        // never sees two requests under one id); the client's id travels beside it.
        headers.put(RequestIds.HEADER, arrival.requestId());
        if (arrival.clientRequestId() != null) {
            headers.put(RequestIds.CLIENT_HEADER_TO_BACKEND, arrival.clientRequestId());
        }
        if (target.pool().apiKey() != null) {
            headers.put("authorization", "Bearer " + target.pool().apiKey());
        }
        return new BackendRequest(request.operation().path(), bytes, request.stream(), headers,
                config.firstByteTimeout(), arrival.trace());
    }
}
