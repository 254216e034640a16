package ai.factory.gateway.api.stage;

import ai.factory.gateway.accounting.PriceList;
import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageMeter;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.cache.CacheDecision;
import ai.factory.gateway.observe.RequestDetails;
import ai.factory.gateway.observe.RequestObserver;
import ai.factory.gateway.observe.metrics.Goodput;
import ai.factory.gateway.observe.trace.ContentCapture;
import ai.factory.gateway.ratelimit.Bounded;
import ai.factory.gateway.ratelimit.RateLimiter;
import ai.factory.gateway.ratelimit.Reservation;
import ai.factory.gateway.ratelimit.UsageCeiling;
import ai.factory.routing.fallback.RoutedReply;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 7, the end of every authenticated request, whatever the ending and however far it got:
 * make its one usage event from what the records carry, settle its reservation (one Redis round
 * trip that also writes the cache and appends the event), and tell the observers. Runs at most
 * once per request ({@link Arrival#end()}).
 */
@Singleton
public class Settle {

    private static final Logger LOG = LoggerFactory.getLogger(Settle.class);

    private final RateLimiter limiter;
    private final PriceList prices;
    private final List<RequestObserver> observers;
    private final Goodput goodput;
    private final ContentCapture capture;

    public Settle(RateLimiter limiter, PriceList prices, List<RequestObserver> observers, Goodput goodput,
            ContentCapture capture) {
        this.goodput = goodput;
        this.capture = capture;
        this.limiter = limiter;
        this.prices = prices;
        this.observers = observers;
    }

    /**
     * @param cacheValue the encoded answer to store, or null
     */
    public void finish(Reached x, String status, int httpStatus, String cacheValue) {
        finish(x, status, httpStatus, cacheValue, false);
    }

    /** @param shed SLO admission refused it (503 slo_shed): counted apart from other failures */
    public void finish(Reached x, String status, int httpStatus, String cacheValue, boolean shed) {
        finish(x, status, httpStatus, cacheValue, shed, null);
    }

    /**
     * @param answer the answer as {@code gen_ai.output.messages}, when its tenant opted in to
     *     content capture ({@link ContentCapture}); null otherwise
     */
    public void finish(Reached x, String status, int httpStatus, String cacheValue, boolean shed, String answer) {
        if (x.caller() == null || !x.arrival().end()) {
            return;
        }
        settle(x, status, httpStatus, cacheValue, shed, answer);
    }

    /**
     * The same ending, claimed now (a racing cancel cannot take it), with the work (the usage event,
     * the Redis settlement, the observers) run as the event loop's next task: after the answer this
     * task is writing has left. A client waits for none of it, and the threads it wakes (Redis,
     * access log) do not compete with that write. Inline off a loop.
     */
    public void finishAfterWrite(Reached x, String status, int httpStatus, String cacheValue, String answer) {
        if (x.caller() == null || !x.arrival().end()) {
            return;
        }
        // Before the answer leaves: the client's next request may be admitted before this settles.
        answered(x);
        OnLoop.afterThisTask(OnLoop.current(), () -> settle(x, status, httpStatus, cacheValue, false, answer));
    }

    /**
     * The request's answer is complete (a stream's last event is going out) though its ending is
     * not claimed yet: its concurrency leases stop counting against the tenant's next admissions
     * here, which may reach Redis before its settlement (RateLimiter#ended).
     */
    public void answered(Reached x) {
        if (x.caller() != null) {
            limiter.ended(x.reservation());
        }
    }

    private void settle(Reached x, String status, int httpStatus, String cacheValue, boolean shed, String answer) {
        Arrival a = x.arrival();
        UsageMeter meter = x.meter();
        RoutedReply routed = x.reply();
        ParsedRequest request = x.request();
        CacheDecision cache = x.cache();
        boolean hit = CacheDecision.HIT.equals(cache.outcome());
        // Tokens count only when a backend (or the cache) actually answered.
        boolean served = meter != null && (routed != null || hit) && (httpStatus < 400 || meter.reported());
        long input = served ? meter.inputTokens() : 0;
        long output = served ? meter.outputTokens() : 0;
        long cached = hit ? input : served ? meter.cachedTokens() : 0;
        boolean estimated = served && !meter.reported() && (input + output) > 0;
        String alias = request == null ? null : request.model();
        long cost = hit ? 0 : prices.rate(alias).cost(input, output, cached);
        long now = System.nanoTime();
        long ttft = served && meter.firstTokenNanos() > 0
                ? TimeUnit.NANOSECONDS.toMillis(meter.firstTokenNanos() - a.startNanos()) : -1;
        UsageEvent event = new UsageEvent(
                a.requestId(), a.startEpochMillis(), x.caller().tenantId(), x.caller().keyId(), x.terms().product(),
                request == null ? "unknown" : request.operation().genAiName(), alias,
                routed == null ? null : routed.target().servedModel(),
                routed == null ? null : routed.target().pool().name(),
                routed == null ? null : routed.endpoint().baseUrl().toString(),
                input, output, cached, cost, status, hit,
                routed == null ? 0 : routed.failedAttempts().size(),
                TimeUnit.NANOSECONDS.toMillis(now - a.startNanos()), ttft, estimated, httpStatus, a.clientRequestId(),
                traceId(a), a.channel(), a.endUser());
        Reservation reservation = x.reservation() != null ? x.reservation() : Reservation.unlimited(a.requestId());
        if (UsageEvent.OK.equals(status) && routed != null) {
            goodput.served(reservation.tier(), event.pool(), ttft);
        }
        if (shed) {
            goodput.shed(reservation.tier());
        }
        limiter.settle(reservation, hit ? 0 : Bounded.add(input, output), cost, cacheValue == null ? null : cache.key(),
                cacheValue, cache.ttl().toMillis(), event);
        long startEpochNanos = TimeUnit.MILLISECONDS.toNanos(a.startEpochMillis());
        RequestDetails details = details(request);
        if (request != null && capture.enabled(x.caller().tenantId(), a.trace())) {
            details = details.withContent(capture.input(request.body()), answer);
        }
        for (RequestObserver observer : observers) {
            try {
                observer.requestEnded(event, details, a.trace(), startEpochNanos);
            } catch (RuntimeException e) {
                LOG.warn("request observer {} failed", observer.getClass().getSimpleName(), e);
            }
        }
    }

    /** The request's trace id for the ledger, so the explorer links a row to its trace. */
    private static String traceId(Arrival a) {
        SpanContext span = a.trace() == null ? SpanContext.getInvalid() : Span.fromContext(a.trace()).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    private static RequestDetails details(ParsedRequest request) {
        if (request == null) {
            return RequestDetails.NONE;
        }
        JsonNode body = request.fields();
        JsonNode temperature = body.get("temperature");
        JsonNode max = UsageCeiling.maxTokensField(body);
        return new RequestDetails(temperature != null && temperature.isNumber() ? temperature.asDouble() : null,
                max != null && max.canConvertToLong() ? max.asLong() : null, request.stream());
    }
}
