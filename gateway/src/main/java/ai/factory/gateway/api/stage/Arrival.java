package ai.factory.gateway.api.stage;

import ai.factory.gateway.http.RequestIds;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request as it arrived, before anything is known about who sent it.
 *
 * @param sessionId {@code x-session-id}: keeps a conversation on the endpoint that holds its KV cache
 * @param clientRequestId the client's own {@code x-request-id}: correlation only, never an identity
 * @param channel the entry point when not the HTTP API ({@code mcp}, {@code slack}, ...), else null
 * @param endUser the hashed end user behind a chat channel, else null
 * @param ended the one latch of the path: the first ending settles, a racing one (a cancel) does not
 */
public record Arrival(String requestId, long startNanos, long startEpochMillis, Context trace, String cacheControl,
        String sessionId, String clientRequestId, String channel, String endUser, AtomicBoolean ended)
        implements Reached {

    public static final String SESSION_HEADER = "x-session-id";

    /** A request that came in over HTTP (or a product call made inside one); {@code http} may be null. */
    public static Arrival of(HttpRequest<?> http, String requestId, String channel, String endUser) {
        return new Arrival(requestId, System.nanoTime(), System.currentTimeMillis(), Context.current(),
                http == null ? null : http.getHeaders().get(HttpHeaders.CACHE_CONTROL),
                http == null ? null : http.getHeaders().get(SESSION_HEADER),
                http == null ? null : RequestIds.clientOf(http), channel, endUser, new AtomicBoolean());
    }

    @Override
    public Arrival arrival() {
        return this;
    }

    /** True exactly once: the first caller settles the request, later ones do not. */
    public boolean end() {
        return ended.compareAndSet(false, true);
    }
}
