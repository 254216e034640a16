package ai.factory.gateway.mcp.upstream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The gateway's connection to one upstream: the MCP Java SDK's async client over streamable HTTP
 * (the credentials set on every request it sends), a circuit breaker of its own (one upstream's
 * outage never touches another's calls), a per-call timeout, and the upstream's tool list, kept for
 * {@code toolsTtl} and fetched by one caller at a time.
 */
final class UpstreamLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamLink.class);
    private static final int MAX_PAGES = 20;
    /**
     * Opening the session (initialize) has its own budget: the per-call timeout is the tool's, and a
     * first request to a cold upstream (connection, TLS) must not eat it.
     */
    static final Duration INITIALIZE = Duration.ofSeconds(10);
    /** An upstream's answer is read whole (JSON-RPC): bounded, so one upstream cannot fill the heap. */
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    /** JSON-RPC errors that say the request was wrong, not that the upstream is unwell. */
    private static final Set<Integer> CALLER_FAULTS = Set.of(-32600, -32601, -32602, -32002);

    private final Upstream upstream;
    private final McpAsyncClient client;
    private final CircuitBreaker breaker;
    private final Duration toolsTtl;
    private final Duration openFor;
    private final Redaction redaction;
    private final AtomicReference<CompletableFuture<List<McpSchema.Tool>>> fetching = new AtomicReference<>();
    private volatile List<McpSchema.Tool> tools;
    private volatile long toolsFetchedNanos;

    UpstreamLink(Upstream upstream, McpUpstreamConfig config) {
        this.upstream = upstream;
        this.toolsTtl = config.toolsTtl();
        this.openFor = config.breakerOpenFor();
        this.breaker = CircuitBreaker.of("mcp-upstream-" + upstream.name(), CircuitBreakerConfig.custom()
                .failureRateThreshold(config.breakerFailureRate())
                .minimumNumberOfCalls(config.breakerMinimumCalls())
                .slidingWindowSize(Math.max(config.breakerWindow(), config.breakerMinimumCalls()))
                .waitDurationInOpenState(config.breakerOpenFor())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("upstream MCP server '{}': circuit {}",
                upstream.name(), e.getStateTransition()));
        this.client = client(upstream);
        this.redaction = new Redaction(upstream.headers().values());
    }

    Redaction redaction() {
        return redaction;
    }

    private static McpAsyncClient client(Upstream upstream) {
        URI url = upstream.url();
        String endpoint = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        upstream.headers().forEach(requests::header);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(url.getScheme() + "://" + url.getRawAuthority())
                .endpoint(endpoint)
                .requestBuilder(requests)
                .connectTimeout(INITIALIZE)
                .maxResponseSize(MAX_RESPONSE_BYTES)
                .build();
        return McpClient.async(transport)
                .clientInfo(new McpSchema.Implementation("ai-factory-gateway", "1.0"))
                .requestTimeout(upstream.timeout().compareTo(INITIALIZE) > 0 ? upstream.timeout() : INITIALIZE)
                .initializationTimeout(INITIALIZE)
                .build();
    }

    Upstream upstream() {
        return upstream;
    }

    boolean open() {
        return breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
    }

    /** Whether the upstream's last tool list holds {@code tool}; never fetches (callers may be on an event loop). */
    boolean lists(String tool) {
        List<McpSchema.Tool> known = tools;
        return known != null && known.stream().anyMatch(t -> tool.equals(t.name()));
    }

    /** The upstream's tools, cached; while it cannot answer, the last list it gave (or none). */
    CompletableFuture<List<McpSchema.Tool>> tools() {
        List<McpSchema.Tool> known = tools;
        if (known != null && System.nanoTime() - toolsFetchedNanos < toolsTtl.toNanos()) {
            return CompletableFuture.completedFuture(known);
        }
        CompletableFuture<List<McpSchema.Tool>> mine = new CompletableFuture<>();
        CompletableFuture<List<McpSchema.Tool>> running = fetching.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        guarded(() -> ready().then(Mono.defer(this::listAll)).timeout(INITIALIZE.plus(upstream.timeout())))
                .whenComplete((list, failure) -> {
            if (failure == null) {
                tools = List.copyOf(list);
                toolsFetchedNanos = System.nanoTime();
            } else if (!(UpstreamFailure.unwrap(failure) instanceof UpstreamFailure.Open)) {
                // An open breaker was already logged when it opened: not once more per tools/list.
                LOG.warn("upstream MCP server '{}' did not list its tools: {}", upstream.name(), describe(failure));
            }
            fetching.set(null);
            List<McpSchema.Tool> answer = failure == null ? tools : tools == null ? List.of() : tools;
            mine.complete(answer);
        });
        return mine;
    }

    private Mono<List<McpSchema.Tool>> listAll() {
        List<McpSchema.Tool> all = new ArrayList<>();
        return page(null, all, 0).thenReturn(all);
    }

    private Mono<Void> page(String cursor, List<McpSchema.Tool> into, int pages) {
        return client.listTools(cursor).flatMap(result -> {
            into.addAll(result.tools() == null ? List.of() : result.tools());
            String next = result.nextCursor();
            return next == null || next.isEmpty() || pages + 1 >= MAX_PAGES ? Mono.empty() : page(next, into, pages + 1);
        });
    }

    /** Calls {@code tool} upstream: refused at once while the breaker is open. */
    CompletableFuture<McpSchema.CallToolResult> call(String tool, Map<String, Object> arguments) {
        return guarded(() -> ready().then(Mono.defer(() -> client.callTool(new McpSchema.CallToolRequest(tool, arguments))
                .timeout(upstream.timeout()))));
    }

    /** The session, opened once (the SDK shares one initialization among concurrent callers). */
    private Mono<Void> ready() {
        return client.isInitialized() ? Mono.empty() : client.initialize().timeout(INITIALIZE).then();
    }

    private <T> CompletableFuture<T> guarded(Supplier<Mono<T>> call) {
        if (!breaker.tryAcquirePermission()) {
            return CompletableFuture.failedFuture(new UpstreamFailure.Open(upstream.name(), openFor));
        }
        long start = System.nanoTime();
        CompletableFuture<T> answer;
        try {
            answer = call.get().toFuture();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.whenComplete((value, failure) -> {
            long took = System.nanoTime() - start;
            if (failure == null || !countsAgainst(failure)) {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(took, TimeUnit.NANOSECONDS, failure);
            }
        });
    }

    /** An upstream that answered "your request is wrong" is healthy; anything else counts. */
    static boolean countsAgainst(Throwable failure) {
        Throwable cause = UpstreamFailure.unwrap(failure);
        return !(cause instanceof McpError e && e.getJsonRpcError() != null
                && CALLER_FAULTS.contains(e.getJsonRpcError().code()));
    }

    static String describe(Throwable failure) {
        Throwable cause = UpstreamFailure.unwrap(failure);
        return cause.getClass().getSimpleName();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the client of upstream '{}' failed", upstream.name(), e);
        }
    }
}
