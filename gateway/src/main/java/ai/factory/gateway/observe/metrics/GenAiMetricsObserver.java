package ai.factory.gateway.observe.metrics;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.Usd;
import ai.factory.gateway.observe.RequestDetails;
import ai.factory.gateway.observe.ObservabilityConfig;
import ai.factory.gateway.observe.RequestObserver;
import ai.factory.observability.GenAiAttributes;
import ai.factory.observability.labels.TopNLabels;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
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

    private final TopNLabels tenants;
    private final ObservabilityConfig config;
    private final GenAiMeters meters;
    private final KnownNames names;

    public GenAiMetricsObserver(MeterRegistry registry, TopNLabels tenants, ObservabilityConfig config, KnownNames names) {
        this.names = names;
        this.tenants = tenants;
        this.config = config;
        this.meters = new GenAiMeters(registry, config.latencyBuckets().toArray(Duration[]::new),
                config.tokenTimeBuckets().toArray(Duration[]::new));
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
        String operation = orNone(event.operation());
        boolean rejected = UsageEvent.REJECTED.equals(event.status());

        meters.requests.get(new GenAiMeters.RequestLabels(event.status(), tenant, product, model, operation,
                event.httpStatus())).increment();
        meters.rejections.get(tenant).increment(rejected ? 1 : 0);
        if (rejected) {
            // Never reached a backend or the cache: nothing else to count.
            return;
        }
        if (GenAiAttributes.OPERATION_EXECUTE_TOOL.equals(operation)) {
            // A tool call has no cache, tokens, cost or model: only its duration, by (bounded) tool name.
            meters.toolCalls.get(new GenAiMeters.ToolLabels(product, tenant, event.status()))
                    .record(event.latencyMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        meters.cacheLookups.get(new GenAiMeters.Outcome(event.cacheHit() ? "hit" : "miss", tenant)).increment();
        meters.fallbacks.get(new GenAiMeters.TenantModel(tenant, model)).increment(event.fallbacks());

        GenAiMeters.GenAi genAi = new GenAiMeters.GenAi(operation, config.providerName(event.pool()), model);
        GenAiMeters.Usage usage = meters.usage.get(new GenAiMeters.UsageLabels(genAi, tenant, product));
        usage.input().record(event.inputTokens());
        usage.output().record(event.outputTokens());
        usage.cached().increment(event.cachedTokens());
        meters.cost.get(new GenAiMeters.Spend(tenant, product, model)).increment(Usd.fromNanos(event.costNanos()));

        GenAiMeters.Timing timing = meters.timing.get(
                new GenAiMeters.TimingLabels(genAi, orNone(event.servedModel()), event.status()));
        timing.duration.record(event.latencyMillis(), TimeUnit.MILLISECONDS);
        if (event.ttftMillis() >= 0 && UsageEvent.OK.equals(event.status())) {
            timing.firstToken().record(event.ttftMillis(), TimeUnit.MILLISECONDS);
            if (streamed) {
                perOutputToken(event).ifPresent(nanos -> timing.perOutputToken().record(nanos, TimeUnit.NANOSECONDS));
            }
        }
    }

    /**
     * The decode time per token after the first: (end - first token) / (tokens - 1). Only for
     * answers that took measurable time after their first token, which non-streamed answers (their
     * "first token" is the whole answer) do not.
     */
    static Optional<Long> perOutputToken(UsageEvent event) {
        long decodeMillis = event.latencyMillis() - event.ttftMillis();
        if (event.outputTokens() < 2 || event.ttftMillis() < 0 || decodeMillis <= 0) {
            return Optional.empty();
        }
        return Optional.of(TimeUnit.MILLISECONDS.toNanos(decodeMillis) / (event.outputTokens() - 1));
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? TopNLabels.NONE : value;
    }
}
