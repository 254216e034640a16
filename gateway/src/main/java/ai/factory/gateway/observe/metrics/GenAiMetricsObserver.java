package ai.factory.gateway.observe.metrics;

import static ai.factory.observability.GatewayMetrics.*;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.observe.RequestDetails;
import ai.factory.gateway.observe.ObservabilityConfig;
import ai.factory.gateway.observe.RequestObserver;
import ai.factory.observability.GenAiAttributes;
import ai.factory.observability.GenAiMetrics;
import ai.factory.observability.labels.TopNLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Turns each finished request's usage event into the GenAI metrics (token usage, request
 * duration, time to first token, time per output token) and the gateway's own (requests by
 * status, rejections, cache lookups, fallbacks, cost). Counted from the same event the ledger
 * bills, so a dashboard and an invoice never disagree about what happened.
 *
 * <p>Counters that a dashboard divides by (fallbacks, rejections) are incremented by zero when
 * nothing happened, so their series exist from a tenant's first request and a ratio reads 0, not
 * "no data".
 */
@Singleton
public class GenAiMetricsObserver implements RequestObserver {

    private final MeterRegistry registry;
    private final TopNLabels tenants;
    private final ObservabilityConfig config;
    private final Duration[] latencyBuckets;
    private final Duration[] tokenTimeBuckets;
    private final KnownNames names;

    public GenAiMetricsObserver(MeterRegistry registry, TopNLabels tenants, ObservabilityConfig config, KnownNames names) {
        this.registry = registry;
        this.names = names;
        this.tenants = tenants;
        this.config = config;
        this.latencyBuckets = config.getLatencyBuckets().toArray(Duration[]::new);
        this.tokenTimeBuckets = config.getTokenTimeBuckets().toArray(Duration[]::new);
    }

    @Override
    public void requestEnded(UsageEvent event, Context trace, long startEpochNanos) {
        record(event, true);
    }

    /** Time per output token is recorded for streams only: a whole answer has no decode timeline. */
    @Override
    public void requestEnded(UsageEvent event, RequestDetails details, Context trace, long startEpochNanos) {
        record(event, details.stream());
    }

    private void record(UsageEvent event, boolean streamed) {
        String tenant = tenants.label(event.tenantId());
        String product = names.product(event.product());
        String model = names.model(event.modelAlias());
        boolean rejected = UsageEvent.REJECTED.equals(event.status());

        Counter.builder(REQUESTS).description("Requests that ended, by how they ended")
                .tags(TAG_STATUS, event.status(), TAG_TENANT, tenant, TAG_PRODUCT, product, TAG_MODEL, model,
                        TAG_OPERATION, orNone(event.operation()), TAG_HTTP_STATUS, Integer.toString(event.httpStatus()))
                .register(registry).increment();
        Counter.builder(REJECTIONS).description("Requests refused by rate limits, concurrency limits or budgets")
                .tags(TAG_TENANT, tenant).register(registry).increment(rejected ? 1 : 0);
        if (rejected) {
            // Never reached a backend or the cache: nothing else to count.
            return;
        }
        Counter.builder(CACHE_LOOKUPS).description("Response-cache lookups by outcome")
                .tags(TAG_OUTCOME, event.cacheHit() ? "hit" : "miss", TAG_TENANT, tenant)
                .register(registry).increment();
        Counter.builder(FALLBACKS).description("Pools fallen back past before one answered")
                .tags(TAG_TENANT, tenant, TAG_MODEL, model).register(registry).increment(event.fallbacks());

        Tags genAi = Tags.of(GenAiAttributes.OPERATION_NAME, orNone(event.operation()),
                GenAiAttributes.PROVIDER_NAME, config.providerName(event.pool()),
                GenAiAttributes.REQUEST_MODEL, model, TAG_MODEL, model);
        Tags usage = genAi.and(TAG_TENANT, tenant, TAG_PRODUCT, product);
        tokens(usage, GenAiAttributes.TOKEN_TYPE_INPUT, event.inputTokens());
        tokens(usage, GenAiAttributes.TOKEN_TYPE_OUTPUT, event.outputTokens());
        Counter.builder(CACHED_TOKENS).description("Input tokens the backend served from its prompt cache")
                .tags(usage).register(registry).increment(event.cachedTokens());
        Counter.builder(COST).baseUnit(COST_UNIT).description("Spend in dollars")
                .tags(TAG_TENANT, tenant, TAG_PRODUCT, product, TAG_MODEL, model)
                .register(registry).increment(event.costNanos() / 1e9);

        Tags timing = genAi.and(GenAiAttributes.RESPONSE_MODEL, orNone(event.servedModel()), TAG_STATUS, event.status());
        timer(GenAiMetrics.SERVER_REQUEST_DURATION, "Time from the request's arrival to its last byte", timing,
                latencyBuckets).record(event.latencyMillis(), TimeUnit.MILLISECONDS);
        if (event.ttftMillis() >= 0 && UsageEvent.OK.equals(event.status())) {
            timer(GenAiMetrics.SERVER_TIME_TO_FIRST_TOKEN, "Time to the first token (to the answer when not streamed)",
                    timing, latencyBuckets).record(event.ttftMillis(), TimeUnit.MILLISECONDS);
            perOutputToken(event).filter(nanos -> streamed).ifPresent(nanos -> timer(GenAiMetrics.SERVER_TIME_PER_OUTPUT_TOKEN,
                    "Time per output token after the first", timing, tokenTimeBuckets)
                    .record(nanos, TimeUnit.NANOSECONDS));
        }
    }

    /**
     * The decode time per token after the first: (end - first token) / (tokens - 1). Only for
     * answers that took measurable time after their first token, which non-streamed answers (their
     * "first token" is the whole answer) do not.
     */
    static java.util.Optional<Long> perOutputToken(UsageEvent event) {
        long decodeMillis = event.latencyMillis() - event.ttftMillis();
        if (event.outputTokens() < 2 || event.ttftMillis() < 0 || decodeMillis <= 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(TimeUnit.MILLISECONDS.toNanos(decodeMillis) / (event.outputTokens() - 1));
    }

    private void tokens(Tags tags, String type, long count) {
        DistributionSummary.builder(GenAiMetrics.CLIENT_TOKEN_USAGE).description("Tokens used per request, by type")
                .tags(tags).tag(GenAiAttributes.TOKEN_TYPE, type).register(registry).record(count);
    }

    private Timer timer(String name, String description, Tags tags, Duration[] buckets) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(buckets)
                .register(registry);
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? TopNLabels.NONE : value;
    }
}
