package ai.factory.gateway.api;

import ai.factory.gateway.accounting.PriceList;
import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.cache.CacheDecision;
import ai.factory.gateway.observe.RequestDetails;
import ai.factory.gateway.observe.RequestObserver;
import ai.factory.gateway.observe.metrics.Goodput;
import ai.factory.gateway.ratelimit.Admission;
import ai.factory.gateway.ratelimit.Bounded;
import ai.factory.gateway.ratelimit.Ticket;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of every authenticated request, whatever the ending: make its one usage event,
 * settle its reservation (one Redis round trip that also writes the cache and appends the
 * event), and tell the observers. Runs at most once per request ({@link Exchange#end()}).
 */
@Singleton
public class Settlement {

    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

    private final Admission admission;
    private final PriceList prices;
    private final List<RequestObserver> observers;
    private final Goodput goodput;

    public Settlement(Admission admission, PriceList prices, List<RequestObserver> observers, Goodput goodput) {
        this.goodput = goodput;
        this.admission = admission;
        this.prices = prices;
        this.observers = observers;
    }

    /**
     * @param cacheValue the encoded answer to store, or null
     */
    void finish(Exchange x, String status, int httpStatus, String cacheValue) {
        if (x.caller == null || !x.end()) {
            return;
        }
        boolean hit = CacheDecision.HIT.equals(x.cache.outcome());
        // Tokens count only when a backend (or the cache) actually answered.
        boolean served = x.meter != null && (x.routed != null || hit) && (httpStatus < 400 || x.meter.reported());
        long input = served ? x.meter.inputTokens() : 0;
        long output = served ? x.meter.outputTokens() : 0;
        long cached = hit ? input : served ? x.meter.cachedTokens() : 0;
        boolean estimated = served && !x.meter.reported() && (input + output) > 0;
        String alias = x.request == null ? null : x.request.model();
        long cost = hit ? 0 : prices.rate(alias).cost(input, output, cached);
        long now = System.nanoTime();
        long ttft = served && x.meter.firstTokenNanos() > 0
                ? TimeUnit.NANOSECONDS.toMillis(x.meter.firstTokenNanos() - x.startNanos) : -1;
        UsageEvent event = new UsageEvent(
                x.requestId, x.startEpochMillis, x.caller.tenantId(), x.caller.keyId(), x.product,
                x.request == null ? "unknown" : x.request.operation().genAiName(), alias,
                x.routed == null ? null : x.routed.target().servedModel(),
                x.routed == null ? null : x.routed.target().pool().name(),
                x.routed == null ? null : x.routed.endpoint().baseUrl().toString(),
                input, output, cached, cost, status, hit,
                x.routed == null ? 0 : x.routed.failedAttempts().size(),
                TimeUnit.NANOSECONDS.toMillis(now - x.startNanos), ttft, estimated, httpStatus, x.clientRequestId,
                traceId(x), x.channel, x.endUser);
        Ticket ticket = x.ticket != null ? x.ticket : Ticket.unlimited(x.requestId);
        if (UsageEvent.OK.equals(status) && x.routed != null) {
            goodput.served(ticket.tier(), event.pool(), ttft);
        }
        if (x.shed) {
            goodput.shed(ticket.tier());
        }
        admission.settle(ticket, hit ? 0 : Bounded.add(input, output), cost, cacheValue == null ? null : x.cache.key(), cacheValue,
                x.cache.ttl().toMillis(), event);
        long startEpochNanos = TimeUnit.MILLISECONDS.toNanos(x.startEpochMillis);
        RequestDetails details = details(x);
        for (RequestObserver observer : observers) {
            try {
                observer.requestEnded(event, details, x.trace, startEpochNanos);
            } catch (RuntimeException e) {
                LOG.warn("request observer {} failed", observer.getClass().getSimpleName(), e);
            }
        }
    }

    /** The request's trace id for the ledger, so the explorer links a row to its trace. */
    private static String traceId(Exchange x) {
        SpanContext span = x.trace == null ? SpanContext.getInvalid() : Span.fromContext(x.trace).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    private static RequestDetails details(Exchange x) {
        if (x.request == null) {
            return RequestDetails.NONE;
        }
        com.fasterxml.jackson.databind.JsonNode body = x.request.fields();
        com.fasterxml.jackson.databind.JsonNode temperature = body.get("temperature");
        com.fasterxml.jackson.databind.JsonNode max = ai.factory.gateway.ratelimit.Reservation.maxTokensField(body);
        return new RequestDetails(temperature != null && temperature.isNumber() ? temperature.asDouble() : null,
                max != null && max.canConvertToLong() ? max.asLong() : null, x.request.stream());
    }
}
