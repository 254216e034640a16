package ai.factory.gateway.config;

import ai.factory.routing.pool.Location;
import ai.factory.routing.pool.Protocol;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code gateway.pools.<name>}: a pool of model servers.
 *
 * <pre>
 * gateway.pools.gpu-a:
 *   protocol: openai        # openai (vLLM, TGI, NIM, Ollama, OpenAI) | anthropic (through LangChain4j)
 *   api-key: ...            # sent to the backends, never the tenant's key
 *   balancer: prefix-aware  # see {@link BalancerName}; least-outstanding by default
 *   location: on-prem       # on-prem (default) | external: on-prem-only tenants never use external pools
 *   responses: translate    # translate (default): /v1/responses goes out as a chat completion |
 *                           # passthrough: the servers speak /v1/responses and get it as is
 *   first-byte-timeout: 30s # overrides gateway.first-byte-timeout for this pool
 *   call-timeout: 5m        # the whole call, head to last byte; none by default
 *   max-attempts: 3         # endpoints of this pool tried per request (connect error, 5xx, 429)
 *   endpoints:
 *     - url: http://10.0.0.7:8000
 *       weight: 2
 *       max-concurrent: 64
 *   health-check:           # active checks of GET /health; off unless an interval is set
 *     interval: 5s
 *     timeout: 2s
 *     unhealthy-after: 2
 *   metrics:                # GET /metrics, for the queue-kv balancer
 *     interval: 200ms
 *     stale-after: 1s
 *   circuit-breaker:        # per endpoint (Resilience4j)
 *     failure-rate: 50      # percent
 *     window: 20            # calls
 *     minimum-calls: 10
 *     open-for: 10s
 *     half-open-calls: 2
 *   outlier-ejection:       # passive: consecutive failures take an endpoint out
 *     consecutive-failures: 5
 *     eject-for: 10s
 *   prefix-index-blocks: 100000   # prefix-aware: blocks remembered per endpoint
 *   queue:                  # wait for a free slot when every endpoint is full; off by default
 *     capacity: 256
 *     timeout: 2s
 *   slo:                    # SLO-aware admission; off unless batch-slots is set
 *     batch-slots: 256      # the servers' max_num_seqs
 *     service-time: 2s
 *     recheck: 100ms
 *     headroom: 0.5
 *   kv-events:              # balancer kv-prefix: the servers' KV events; see {@link KvEvents}
 *     endpoint-pattern: tcp://{host}:5557
 *     hash-seed: "0"
 *     tokenizer: cl100k_base
 * </pre>
 * Unset numbers in the nested blocks keep the routing core's defaults.
 */
@EachProperty("gateway.pools")
public record PoolConfig(
        @Parameter String name,
        @Bindable(defaultValue = "openai") Protocol protocol,
        @Nullable String apiKey,
        @Bindable(defaultValue = "64") int defaultMaxConcurrent,
        @Nullable List<EndpointEntry> endpoints,
        @Bindable(defaultValue = "least-outstanding") BalancerName balancer,
        @Bindable(defaultValue = "on-prem") Location location,
        @Bindable(defaultValue = "translate") ResponsesMode responses,
        @Nullable Duration firstByteTimeout,
        @Nullable Duration callTimeout,
        @Bindable(defaultValue = "3") int maxAttempts,
        @Bindable(defaultValue = "100000") int prefixIndexBlocks,
        @Nullable HealthCheck healthCheck,
        @Nullable Metrics metrics,
        @Nullable CircuitBreaker circuitBreaker,
        @Nullable OutlierEjection outlierEjection,
        @Nullable Queue queue,
        @Nullable Slo slo,
        @Nullable KvEvents kvEvents) {

    /** Micronaut binds a nested block only when some key of it is set; an absent one is all defaults. */
    public PoolConfig {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        healthCheck = healthCheck == null ? new HealthCheck(null, null, null) : healthCheck;
        metrics = metrics == null ? new Metrics(null, null) : metrics;
        circuitBreaker = circuitBreaker == null ? new CircuitBreaker(null, null, null, null, null) : circuitBreaker;
        outlierEjection = outlierEjection == null ? new OutlierEjection(null, null) : outlierEjection;
        queue = queue == null ? new Queue(null, null) : queue;
        slo = slo == null ? new Slo(null, null, null, null) : slo;
    }

    /** How {@code /v1/responses} reaches this pool's servers. */
    public enum ResponsesMode {
        TRANSLATE,
        PASSTHROUGH
    }

    public boolean responsesPassthrough() {
        return responses == ResponsesMode.PASSTHROUGH;
    }

    /** One server; {@code max-concurrent} unset takes the pool's {@code default-max-concurrent}. */
    @Introspected
    public record EndpointEntry(URI url, @Nullable Integer weight, @Nullable Integer maxConcurrent,
            @Nullable String kvEvents) {
    }

    /** Active checks, off without an {@code interval}; {@code timeout} 2 s by default. */
    @ConfigurationProperties("health-check")
    public record HealthCheck(@Nullable Duration interval, @Nullable Duration timeout, @Nullable Integer unhealthyAfter) {

        public HealthCheck {
            timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
        }
    }

    /** Scrapes of {@code /metrics}; {@code stale-after} 1 s by default. */
    @ConfigurationProperties("metrics")
    public record Metrics(@Nullable Duration interval, @Nullable Duration staleAfter) {

        public Metrics {
            staleAfter = staleAfter == null ? Duration.ofSeconds(1) : staleAfter;
        }
    }

    @ConfigurationProperties("circuit-breaker")
    public record CircuitBreaker(@Nullable Float failureRate, @Nullable Integer window, @Nullable Integer minimumCalls,
            @Nullable Duration openFor, @Nullable Integer halfOpenCalls) {
    }

    @ConfigurationProperties("outlier-ejection")
    public record OutlierEjection(@Nullable Integer consecutiveFailures, @Nullable Duration ejectFor) {
    }

    /** Waiting for a free slot: off with capacity 0 (the default); {@code timeout} 2 s by default. */
    @ConfigurationProperties("queue")
    public record Queue(@Nullable Integer capacity, @Nullable Duration timeout) {

        public Queue {
            capacity = capacity == null ? 0 : capacity;
            timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
        }
    }

    /** SLO-aware admission: on when any of it is set, and then {@code batch-slots} is required. */
    @ConfigurationProperties("slo")
    public record Slo(@Nullable Integer batchSlots, @Nullable Duration serviceTime, @Nullable Duration recheck,
            @Nullable Float headroom) {

        public boolean enabled() {
            return batchSlots != null || serviceTime != null || recheck != null || headroom != null;
        }
    }

    /**
     * The servers' KV events for {@code balancer: kv-prefix} (absent: no subscriptions).
     * <pre>
     *   endpoint-pattern: tcp://{host}:5557   # or kv-events: tcp://... on each endpoint entry
     *   hash: sha256_cbor        # vLLM --prefix-caching-hash-algo; the only one reproducible outside Python
     *   hash-seed: "0"           # vLLM's PYTHONHASHSEED (required: unset, vLLM's hashes are random)
     *   block-size: 16           # vLLM --block-size
     *   tokenizer: cl100k_base   # the model's tokenizer; a name the gateway lacks falls back to prefix-hash
     *   topic: ""                # vLLM's kv-events topic
     *   deaf-after: 10s          # a subscription silent this long after a request went there is renewed
     * </pre>
     */
    @ConfigurationProperties("kv-events")
    public record KvEvents(@Nullable String endpointPattern, @Nullable String hash, @Nullable String hashSeed,
            @Nullable Integer blockSize, @Nullable String tokenizer, @Nullable String topic,
            @Nullable Duration deafAfter) {

        public KvEvents {
            hash = hash == null ? "sha256_cbor" : hash.trim();
            blockSize = blockSize == null ? 16 : blockSize;
            topic = topic == null ? "" : topic;
        }
    }
}
