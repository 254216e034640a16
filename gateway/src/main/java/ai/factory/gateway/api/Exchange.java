package ai.factory.gateway.api;

import ai.factory.gateway.accounting.UsageMeter;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.cache.CacheDecision;
import ai.factory.gateway.ratelimit.Ticket;
import ai.factory.routing.fallback.RoutedReply;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's state as it moves along the path, typed (no attribute bag): filled in stage by
 * stage, read once at the end to make the usage event.
 */
public final class Exchange {

    final String requestId;
    final long startNanos = System.nanoTime();
    final long startEpochMillis = System.currentTimeMillis();
    final Context trace;
    final String cacheControl;
    /** {@code x-session-id}: keeps a conversation on the endpoint that holds its KV cache. */
    final String sessionId;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The client's own {@code x-request-id}: correlation only, never an identity. */
    String clientRequestId;
    /** The entry point when not the HTTP API ({@code mcp}, {@code slack}, ...), else null. */
    String channel;
    /** The hashed end user behind a chat channel, else null. */
    String endUser;
    /** Admission was asked (whatever it answered): a failure after it must not be counted again. */
    boolean admissionTried;

    Caller caller;
    ParsedRequest request;
    /** The product id when this is a product call, else null. */
    String product;
    /** SLO admission refused it (503 slo_shed): counted apart from other failures. */
    boolean shed;
    /** The LoRA adapter a product is served as, else null. */
    ai.factory.routing.alias.Adapter adapter;
    long promptTokens;
    long reservedTokens;
    Ticket ticket;
    CacheDecision cache = CacheDecision.decide(false, null, false, null, null, null, () -> null);
    RoutedReply routed;
    UsageMeter meter;
    /** Whether a complete answer may be stored: a product stores only answers that pass its checks. */
    java.util.function.Predicate<byte[]> storable = answer -> true;

    Exchange(String requestId, Context trace, String cacheControl, String sessionId) {
        this.requestId = requestId;
        this.trace = trace;
        this.cacheControl = cacheControl;
        this.sessionId = sessionId;
    }

    /** True exactly once: the first caller settles the request, later ones (a racing cancel) do not. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }

    public String requestId() {
        return requestId;
    }
}
