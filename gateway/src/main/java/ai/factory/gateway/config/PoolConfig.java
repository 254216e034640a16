package ai.factory.gateway.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code gateway.pools.<name>}: a pool of model servers.
 *
 * <pre>
 * gateway.pools.gpu-a:
 *   protocol: openai        # openai (vLLM, TGI, NIM, Ollama, OpenAI) | anthropic (through LangChain4j)
 *   api-key: ...            # sent to the backends, never the tenant's key
 *   balancer: prefix-aware  # round-robin | least-outstanding (default) | p2c | queue-kv | prefix-aware | session-affinity
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
 *   kv-events:              # balancer kv-prefix: the servers' KV events; see KvEventFeeds
 *     endpoint-pattern: tcp://{host}:5557
 *     tokenizer: cl100k_base
 *     hash-seed: "0"
 *   queue:                  # wait for a free slot when every endpoint is full; off by default
 *     capacity: 256
 *     timeout: 2s
 * </pre>
 */
@EachProperty("gateway.pools")
public final class PoolConfig {

    private final String name;
    private String protocol = "openai";
    private String apiKey;
    private int defaultMaxConcurrent = 64;
    private List<Map<String, Object>> endpoints = List.of();
    private String balancer = "least-outstanding";
    private String location = "on-prem";
    private String responses = "translate";
    private Duration firstByteTimeout;
    private Duration callTimeout;
    private int maxAttempts = 3;
    private int prefixIndexBlocks = 100_000;
    private Map<String, Object> healthCheck = Map.of();
    private Map<String, Object> metrics = Map.of();
    private Map<String, Object> circuitBreaker = Map.of();
    private Map<String, Object> outlierEjection = Map.of();
    private Map<String, Object> queue = Map.of();
    private Map<String, Object> kvEvents = Map.of();
    /** SLO-aware admission on this pool: {@code batch-slots}, {@code service-time}, {@code recheck}, {@code headroom}. */
    private Map<String, Object> slo = Map.of();

    public PoolConfig(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public String getResponses() {
        return responses;
    }

    /** Checked here: a typo must not silently send Responses requests to servers that do not speak them, or the reverse. */
    public void setResponses(String responses) {
        if (!"translate".equals(responses) && !"passthrough".equals(responses)) {
            throw new IllegalArgumentException("gateway.pools." + name + ".responses must be translate or passthrough, not '"
                    + responses + "'");
        }
        this.responses = responses;
    }

    public boolean responsesPassthrough() {
        return "passthrough".equals(responses);
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public int getDefaultMaxConcurrent() {
        return defaultMaxConcurrent;
    }

    public void setDefaultMaxConcurrent(int defaultMaxConcurrent) {
        this.defaultMaxConcurrent = defaultMaxConcurrent;
    }

    public List<Map<String, Object>> getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(List<Map<String, Object>> endpoints) {
        this.endpoints = endpoints;
    }

    public String getBalancer() {
        return balancer;
    }

    public void setBalancer(String balancer) {
        this.balancer = balancer;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public Duration getFirstByteTimeout() {
        return firstByteTimeout;
    }

    public void setFirstByteTimeout(Duration firstByteTimeout) {
        this.firstByteTimeout = firstByteTimeout;
    }

    public Duration getCallTimeout() {
        return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public int getPrefixIndexBlocks() {
        return prefixIndexBlocks;
    }

    public void setPrefixIndexBlocks(int prefixIndexBlocks) {
        this.prefixIndexBlocks = prefixIndexBlocks;
    }

    public Map<String, Object> getHealthCheck() {
        return healthCheck;
    }

    public void setHealthCheck(Map<String, Object> healthCheck) {
        this.healthCheck = healthCheck;
    }

    public Map<String, Object> getMetrics() {
        return metrics;
    }

    public void setMetrics(Map<String, Object> metrics) {
        this.metrics = metrics;
    }

    public Map<String, Object> getCircuitBreaker() {
        return circuitBreaker;
    }

    public void setCircuitBreaker(Map<String, Object> circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    public Map<String, Object> getOutlierEjection() {
        return outlierEjection;
    }

    public void setOutlierEjection(Map<String, Object> outlierEjection) {
        this.outlierEjection = outlierEjection;
    }

    public Map<String, Object> getKvEvents() {
        return kvEvents;
    }

    public void setKvEvents(Map<String, Object> kvEvents) {
        this.kvEvents = kvEvents == null ? Map.of() : kvEvents;
    }

    public Map<String, Object> getQueue() {
        return queue;
    }

    public void setQueue(Map<String, Object> queue) {
        this.queue = queue;
    }

    public Map<String, Object> getSlo() {
        return slo;
    }

    public void setSlo(Map<String, Object> slo) {
        this.slo = slo;
    }
}
