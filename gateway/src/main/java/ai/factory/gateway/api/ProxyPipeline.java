package ai.factory.gateway.api;

import ai.factory.gateway.accounting.PriceList;
import ai.factory.gateway.accounting.TokenCounter;
import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageMeter;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.cache.CacheDecision;
import ai.factory.gateway.cache.CacheKeys;
import ai.factory.gateway.config.GatewayConfig;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.http.ClientIds;
import ai.factory.gateway.http.RequestIds;
import ai.factory.gateway.observe.StageSpans;
import ai.factory.gateway.ratelimit.Admission;
import ai.factory.gateway.ratelimit.expiry.ReservationEstimate;
import ai.factory.gateway.ratelimit.OutputCeilings;
import ai.factory.gateway.ratelimit.Reservation;
import ai.factory.gateway.ratelimit.expiry.LiveReservations;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.balancing.PromptPrefix;
import ai.factory.routing.fallback.RouteHints;
import ai.factory.routing.fallback.Router;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The request path, one for the OpenAI API and the products: authenticate, parse, resolve the
 * model alias, admit (rate limits, budgets and the cache lookup in one Redis round trip), route,
 * relay, settle. Every step is non-blocking; the only thread switches are a key- or policy-cache
 * miss, which read PostgreSQL on the blocking pool.
 */
@Singleton
public class ProxyPipeline {

    static final String SESSION_HEADER = "x-session-id";

    private final KeyAuthenticator authenticator;
    private final RouteTable routes;
    private final Router router;
    private final Admission admission;
    private final ReplyRelay relay;
    private final Settlement settlement;
    private final TokenCounter tokens;
    private final PriceList prices;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final StageSpans spans;
    private final OutputCeilings ceilings;
    private final LiveReservations reservations;

    public ProxyPipeline(KeyAuthenticator authenticator, RouteTable routes, Router router, Admission admission,
            ReplyRelay relay, Settlement settlement, TokenCounter tokens, PriceList prices, GatewayConfig config,
            ObjectMapper json, StageSpans spans, OutputCeilings ceilings, LiveReservations reservations) {
        this.spans = spans;
        this.ceilings = ceilings;
        this.reservations = reservations;
        this.authenticator = authenticator;
        this.routes = routes;
        this.router = router;
        this.admission = admission;
        this.relay = relay;
        this.settlement = settlement;
        this.tokens = tokens;
        this.prices = prices;
        this.config = config;
        this.json = json;
    }

    /** An OpenAI API call: the body as the client sent it. */
    public CompletableFuture<MutableHttpResponse<?>> handle(HttpRequest<?> http, Operation operation, byte[] body) {
        Exchange x = exchange(http);
        return spans.around("gateway.authenticate", x.trace,
                        () -> authenticator.authenticate(http))
                .thenCompose(caller -> {
                    x.caller = caller;
                    return proceed(x, ParsedRequest.parse(operation, body, json), null, null, null);
                })
                .exceptionallyCompose(failure -> failCounted(x, failure));
    }

    /**
     * A call whose body the gateway built (a product invocation), for an already authenticated
     * caller, through the same admission, cache, routing, relay and accounting.
     *
     * @param requestId the request's id; a second backend call of one invocation (a repair) has its own
     * @param productTtl the product's cache policy at this request's temperature (empty: never cache)
     * @param maxOutputTokens the answer's token ceiling, for the reservation
     * @param storable whether a complete (non-streamed) answer may enter the cache
     * @param adapter the LoRA adapter the product is served as (its targets running the base are asked for it), or null
     */
    public CompletableFuture<MutableHttpResponse<?>> handlePrepared(HttpRequest<?> http, String requestId, Caller caller,
            ParsedRequest request, String product, Optional<java.time.Duration> productTtl, Integer maxOutputTokens,
            java.util.function.Predicate<byte[]> storable, ai.factory.routing.alias.Adapter adapter) {
        Exchange x = new Exchange(requestId, Context.current(), http.getHeaders().get(HttpHeaders.CACHE_CONTROL),
                http.getHeaders().get(SESSION_HEADER));
        x.storable = storable;
        x.adapter = adapter;
        x.clientRequestId = RequestIds.clientOf(http);
        Origin.apply(http, x);
        x.caller = caller;
        CompletableFuture<MutableHttpResponse<?>> answer;
        try {
            answer = proceed(x, request, product, productTtl, maxOutputTokens);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.exceptionallyCompose(failure -> failCounted(x, failure));
    }

    /**
     * A request that was authenticated but refused before it reached the request path (a product
     * call with invalid input, say) still gets its one usage event.
     */
    public CompletableFuture<MutableHttpResponse<?>> refuse(HttpRequest<?> http, String requestId, Caller caller,
            String product, Throwable failure) {
        Exchange x = new Exchange(requestId, Context.current(), http.getHeaders().get(HttpHeaders.CACHE_CONTROL),
                http.getHeaders().get(SESSION_HEADER));
        x.clientRequestId = RequestIds.clientOf(http);
        Origin.apply(http, x);
        x.caller = caller;
        x.product = product;
        return failCounted(x, failure);
    }

    private Exchange exchange(HttpRequest<?> http) {
        Exchange x = new Exchange(RequestIds.of(http), Context.current(), http.getHeaders().get(HttpHeaders.CACHE_CONTROL),
                http.getHeaders().get(SESSION_HEADER));
        x.clientRequestId = RequestIds.clientOf(http);
        return x;
    }

    private CompletableFuture<MutableHttpResponse<?>> proceed(Exchange x, ParsedRequest request, String product,
            Optional<java.time.Duration> productTtl, Integer maxOutputTokens) {
        x.request = request;
        x.product = product;
        if (x.sessionId != null) {
            // It is hashed into the balancer's affinity key: bounded before it gets there.
            ClientIds.token(SESSION_HEADER, x.sessionId);
        }
        ModelAlias alias = resolve(x.caller, request.model());
        ObjectNode body = request.body();
        x.promptTokens = tokens.prompt(body);
        // Checked and bounded before anything is reserved: an impossible max_tokens is a 400 here.
        Reservation reservation = Reservation.of(body, x.promptTokens, request.operation() == Operation.EMBEDDINGS,
                maxOutputTokens, config.getDefaultMaxTokens(), ceilings.of(alias), tokens::count);
        x.reservedTokens = reservation.tokens();
        long costEstimate = prices.rate(request.model()).cost(reservation.promptTokens(), reservation.outputTokens(), 0);
        x.cache = CacheDecision.decide(config.getCache().isEnabled(), x.cacheControl,
                request.operation() == Operation.EMBEDDINGS, body, productTtl, config.getCache().getTtl(),
                () -> CacheKeys.key(admission.keys(), x.caller.tenantId(), request.model(), request.operation().name(), body));
        boolean clientWantsUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        if (request.stream() && !clientWantsUsage) {
            // Ask for the usage chunk so streamed tokens are counted exactly; the relay removes it.
            body.putObject("stream_options").put("include_usage", true);
        }
        x.meter = null;
        x.admissionTried = true;
        // Recorded with the reservation: what a reaper bills if this instance dies mid-request (the
        // prompt as estimated for the reservation, parts and schemas included).
        ReservationEstimate estimate = ReservationEstimate.of(
                x.requestId, x.startEpochMillis, x.caller.tenantId(), x.caller.keyId(), product,
                request.operation().genAiName(), request.model(), reservation.promptTokens(), prices.rate(request.model()), x.clientRequestId);
        return spans.around(x.cache.lookup() ? "gateway.admit+cache" : "gateway.admit", x.trace,
                        () -> admission.admit(x.caller, product, x.reservedTokens, costEstimate,
                                x.cache.lookup() ? x.cache.key() : null, x.requestId, estimate))
                .thenCompose(ticket -> {
                    x.ticket = ticket;
                    x.meter = new UsageMeter(json, tokens, x.promptTokens, clientWantsUsage);
                    UsageMeter meter = x.meter;
                    reservations.meter(x.requestId, meter::outputTokens);
                    if (ticket.cached() != null) {
                        x.cache = x.cache.hit();
                        return CompletableFuture.completedFuture(relay.replay(x, ticket.cached()));
                    }
                    // Who asks and what the prompt starts with: tenant rules and data residency pick the
                    // allowed targets, the prefix and session steer to the endpoint holding the KV cache.
                    RouteHints hints = new RouteHints(x.caller.tenantId(), null, x.sessionId, PromptPrefix.blocks(body),
                            (int) Math.min(Integer.MAX_VALUE, x.promptTokens), ticket.priority(), ticket.tier(), x.adapter);
                    return router.route(alias, hints, target -> backendRequest(x, target))
                            .thenCompose(routed -> {
                                x.routed = routed;
                                return relay.relay(x, routed);
                            });
                });
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
    private BackendRequest backendRequest(Exchange x, Target target) {
        ObjectNode body = x.request.body();
        body.put("model", target.servedModel());
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> headers = new HashMap<>();
        // The backend's x-request-id is ours (unique, so a model server that keys its own work by it
        // never sees two requests under one id); the client's id travels beside it.
        headers.put(RequestIds.HEADER, x.requestId);
        if (x.clientRequestId != null) {
            headers.put(RequestIds.CLIENT_HEADER_TO_BACKEND, x.clientRequestId);
        }
        if (target.pool().apiKey() != null) {
            headers.put("authorization", "Bearer " + target.pool().apiKey());
        }
        return new BackendRequest(x.request.operation().path(), bytes, x.request.stream(), headers,
                config.getFirstByteTimeout(), x.trace);
    }

    /**
     * A failure of an authenticated request that never reached admission (a bad body, an unknown
     * or forbidden model or product) still counts against the tenant's limits like any other
     * request: admitted with no tokens, so it takes its place in the request rate and, while it is
     * answered, a concurrency slot. Without this, unknown names were a free, unlimited probe. A
     * tenant already at its limit gets the 429 instead.
     */
    private CompletableFuture<MutableHttpResponse<?>> failCounted(Exchange x, Throwable failure) {
        if (x.caller == null || x.admissionTried) {
            return CompletableFuture.completedFuture(fail(x, failure));
        }
        x.admissionTried = true;
        CompletableFuture<ai.factory.gateway.ratelimit.Ticket> admitted;
        try {
            admitted = admission.admit(x.caller, null, 0, 0, null, x.requestId);
        } catch (RuntimeException e) {
            admitted = CompletableFuture.failedFuture(e);
        }
        return admitted.handle((ticket, refused) -> {
            if (refused == null) {
                x.ticket = ticket;
                return fail(x, failure);
            }
            return fail(x, ErrorResponses.toGatewayError(refused).status() == 429 ? refused : failure);
        });
    }

    /** Any failure: its usage event (an authenticated request always has one), then the error. */
    private MutableHttpResponse<?> fail(Exchange x, Throwable failure) {
        GatewayError error = ErrorResponses.forTenant(failure, x.requestId, x.trace);
        x.shed = "slo_shed".equals(error.code());
        if (x.routed != null) {
            x.routed.release();
        }
        settlement.finish(x, error.status() == 429 ? UsageEvent.REJECTED : UsageEvent.ERROR, error.status(), null);
        return ErrorResponses.of(error);
    }
}
