package ai.factory.gateway.observe.metrics;

import static ai.factory.observability.GatewayMetrics.*;

import ai.factory.observability.GenAiAttributes;
import ai.factory.observability.GenAiMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The meters {@link GenAiMetricsObserver} records into, each family cached by its label tuple
 * ({@link MeterCache}), so a request past its first of a kind allocates no builder and no tags.
 */
final class GenAiMeters {

    /** Per family: far above what bounded labels produce, low enough to stay a few hundred KiB. */
    static final int MAX_LABEL_SETS = 8192;

    record RequestLabels(String status, String tenant, String product, String model, String operation, int httpStatus) {
    }

    record TenantModel(String tenant, String model) {
    }

    record Outcome(String outcome, String tenant) {
    }

    record Spend(String tenant, String product, String model) {
    }

    /** The GenAI attributes shared by the token and timing families. */
    record GenAi(String operation, String provider, String model) {
        Tags tags() {
            return Tags.of(GenAiAttributes.OPERATION_NAME, operation, GenAiAttributes.PROVIDER_NAME, provider,
                    GenAiAttributes.REQUEST_MODEL, model, TAG_MODEL, model);
        }
    }

    record UsageLabels(GenAi genAi, String tenant, String product) {
    }

    record TimingLabels(GenAi genAi, String servedModel, String status) {
    }

    record ToolLabels(String tool, String tenant, String status) {
    }

    record Usage(DistributionSummary input, DistributionSummary output, Counter cached) {
    }

    /** Time to first token and per output token are registered on first use: most label sets never need them. */
    static final class Timing {
        final Timer duration;
        private final MeterRegistry registry;
        private final Tags tags;
        private final Duration[] latencyBuckets;
        private final Duration[] tokenTimeBuckets;
        private volatile Timer firstToken;
        private volatile Timer perOutputToken;

        private Timing(MeterRegistry registry, Tags tags, Duration[] latencyBuckets, Duration[] tokenTimeBuckets) {
            this.registry = registry;
            this.tags = tags;
            this.latencyBuckets = latencyBuckets;
            this.tokenTimeBuckets = tokenTimeBuckets;
            this.duration = timer(GenAiMetrics.SERVER_REQUEST_DURATION, "Time from the request's arrival to its last byte",
                    latencyBuckets);
        }

        Timer firstToken() {
            Timer t = firstToken;
            if (t == null) {
                // A race registers twice; Micrometer hands both the same timer.
                t = firstToken = timer(GenAiMetrics.SERVER_TIME_TO_FIRST_TOKEN,
                        "Time to the first token (to the answer when not streamed)", latencyBuckets);
            }
            return t;
        }

        Timer perOutputToken() {
            Timer t = perOutputToken;
            if (t == null) {
                t = perOutputToken = timer(GenAiMetrics.SERVER_TIME_PER_OUTPUT_TOKEN,
                        "Time per output token after the first", tokenTimeBuckets);
            }
            return t;
        }

        private Timer timer(String name, String description, Duration[] buckets) {
            return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(buckets)
                    .register(registry);
        }
    }

    final MeterCache<RequestLabels, Counter> requests;
    final MeterCache<String, Counter> rejections;
    final MeterCache<Outcome, Counter> cacheLookups;
    final MeterCache<TenantModel, Counter> fallbacks;
    final MeterCache<Spend, Counter> cost;
    final MeterCache<UsageLabels, Usage> usage;
    final MeterCache<TimingLabels, Timing> timing;
    final MeterCache<ToolLabels, Timer> toolCalls;

    GenAiMeters(MeterRegistry registry, Duration[] latencyBuckets, Duration[] tokenTimeBuckets) {
        requests = new MeterCache<>(MAX_LABEL_SETS, l -> Counter.builder(REQUESTS)
                .description("Requests that ended, by how they ended")
                .tags(TAG_STATUS, l.status(), TAG_TENANT, l.tenant(), TAG_PRODUCT, l.product(), TAG_MODEL, l.model(),
                        TAG_OPERATION, l.operation(), TAG_HTTP_STATUS, Integer.toString(l.httpStatus()))
                .register(registry));
        rejections = new MeterCache<>(MAX_LABEL_SETS, tenant -> Counter.builder(REJECTIONS)
                .description("Requests refused by rate limits, concurrency limits or budgets")
                .tags(TAG_TENANT, tenant).register(registry));
        cacheLookups = new MeterCache<>(MAX_LABEL_SETS, l -> Counter.builder(CACHE_LOOKUPS)
                .description("Response-cache lookups by outcome")
                .tags(TAG_OUTCOME, l.outcome(), TAG_TENANT, l.tenant()).register(registry));
        fallbacks = new MeterCache<>(MAX_LABEL_SETS, l -> Counter.builder(FALLBACKS)
                .description("Pools fallen back past before one answered")
                .tags(TAG_TENANT, l.tenant(), TAG_MODEL, l.model()).register(registry));
        cost = new MeterCache<>(MAX_LABEL_SETS, l -> Counter.builder(COST).baseUnit(COST_UNIT)
                .description("Spend in dollars")
                .tags(TAG_TENANT, l.tenant(), TAG_PRODUCT, l.product(), TAG_MODEL, l.model()).register(registry));
        usage = new MeterCache<>(MAX_LABEL_SETS, l -> {
            Tags tags = l.genAi().tags().and(TAG_TENANT, l.tenant(), TAG_PRODUCT, l.product());
            return new Usage(tokens(registry, tags, GenAiAttributes.TOKEN_TYPE_INPUT),
                    tokens(registry, tags, GenAiAttributes.TOKEN_TYPE_OUTPUT),
                    Counter.builder(CACHED_TOKENS).description("Input tokens the backend served from its prompt cache")
                            .tags(tags).register(registry));
        });
        timing = new MeterCache<>(MAX_LABEL_SETS, l -> new Timing(registry,
                l.genAi().tags().and(GenAiAttributes.RESPONSE_MODEL, l.servedModel(), TAG_STATUS, l.status()),
                latencyBuckets, tokenTimeBuckets));
        toolCalls = new MeterCache<>(MAX_LABEL_SETS, l -> Timer.builder(GenAiMetrics.EXECUTE_TOOL_DURATION)
                .description("Time from a tool call's arrival to its answer, by tool and how it ended")
                .tags(GenAiAttributes.OPERATION_NAME, GenAiAttributes.OPERATION_EXECUTE_TOOL,
                        GenAiAttributes.TOOL_NAME, l.tool(), TAG_TENANT, l.tenant(), TAG_STATUS, l.status())
                .serviceLevelObjectives(latencyBuckets).register(registry));
    }

    private static DistributionSummary tokens(MeterRegistry registry, Tags tags, String type) {
        return DistributionSummary.builder(GenAiMetrics.CLIENT_TOKEN_USAGE).description("Tokens used per request, by type")
                .tags(tags).tag(GenAiAttributes.TOKEN_TYPE, type).register(registry);
    }
}
