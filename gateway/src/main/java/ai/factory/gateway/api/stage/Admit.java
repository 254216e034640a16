package ai.factory.gateway.api.stage;

import ai.factory.gateway.accounting.PriceList;
import ai.factory.gateway.accounting.UsageMeter;
import ai.factory.gateway.api.Operation;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.cache.CacheDecision;
import ai.factory.gateway.config.GatewayConfig;
import ai.factory.gateway.observe.StageSpans;
import ai.factory.gateway.ratelimit.RateLimiter;
import ai.factory.gateway.ratelimit.expiry.LiveReservations;
import ai.factory.gateway.ratelimit.expiry.ReservationEstimate;
import ai.factory.products.TokenCounter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.concurrent.EventExecutor;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;

/**
 * Stage 4: rate limits, budget and the cache lookup in one Redis round trip. The reservation is
 * recorded with what a reaper would bill if this instance died mid-request.
 */
@Singleton
public class Admit {

    private final RateLimiter limiter;
    private final GatewayConfig config;
    private final PriceList prices;
    private final TokenCounter tokens;
    private final ObjectMapper json;
    private final StageSpans spans;
    private final LiveReservations reservations;

    public Admit(RateLimiter limiter, GatewayConfig config, PriceList prices, TokenCounter tokens, ObjectMapper json,
            StageSpans spans, LiveReservations reservations) {
        this.limiter = limiter;
        this.config = config;
        this.prices = prices;
        this.tokens = tokens;
        this.json = json;
        this.spans = spans;
        this.reservations = reservations;
    }

    /** Never throws: a failure here is the limiter's, so the caller must not count the request again. */
    public CompletableFuture<Admitted> apply(Resolved resolved) {
        try {
            return admit(resolved);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Admitted> admit(Resolved resolved) {
        Arrival arrival = resolved.arrival();
        ParsedRequest request = resolved.request();
        JsonNode body = request.fields();
        String tenant = resolved.caller().tenantId();
        CacheDecision cache = CacheDecision.decide(config.cache().enabled(), arrival.cacheControl(),
                request.operation() == Operation.EMBEDDINGS, body, resolved.terms().cacheTtl(), config.cache().ttl(),
                () -> request.cacheKey(limiter.keys(), tenant));
        // A stream's backend body asks for the usage chunk (ParsedRequest.backendBody); the relay removes it unless the client asked.
        boolean clientWantsUsage = request.clientWantsUsage();
        String product = resolved.terms().product();
        ReservationEstimate estimate = ReservationEstimate.of(arrival.requestId(), arrival.startEpochMillis(), tenant,
                resolved.caller().keyId(), product, request.operation().genAiName(), request.model(),
                resolved.ceiling().promptTokens(), prices.rate(request.model()), arrival.clientRequestId());
        EventExecutor loop = OnLoop.current();
        return OnLoop.resume(loop, spans.around(cache.lookup() ? "gateway.admit+cache" : "gateway.admit", arrival.trace(),
                        () -> limiter.reserve(resolved.caller(), product, resolved.ceiling().tokens(),
                                resolved.costEstimate(), cache.lookup() ? cache.key() : null, arrival.requestId(), estimate)))
                .thenApply(reservation -> {
                    UsageMeter meter = new UsageMeter(json, tokens, resolved.promptTokens(), clientWantsUsage,
                            request.operation() == Operation.RESPONSES);
                    reservations.meter(arrival.requestId(), meter::outputTokens);
                    return new Admitted(resolved, reservation, reservation.cached() != null ? cache.hit() : cache, meter);
                });
    }
}
