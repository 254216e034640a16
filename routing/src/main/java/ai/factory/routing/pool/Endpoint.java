package ai.factory.routing.pool;

import ai.factory.routing.health.EndpointGuard;
import ai.factory.routing.health.GuardSettings;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model server (a vLLM/TGI/NIM/Ollama process) inside a pool.
 *
 * <p>Tracks its outstanding requests so balancers can prefer the least loaded one, and enforces
 * its concurrency cap: a GPU server past its batch size only queues, so the gateway stops
 * sending before that point rather than piling work onto it.
 *
 * <p>Also carries what the gateway knows of the server's state: its {@link EndpointGuard}
 * (circuit breaker, ejection, health) and its last scraped {@link ServerLoad}.
 */
public final class Endpoint {

    private final String pool;
    private final URI baseUrl;
    private final int weight;
    private final int maxConcurrent;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final EndpointGuard guard;
    private volatile ServerLoad serverLoad;
    /** Its pool's wait queue, told when a slot frees; nothing when the pool does not queue. */
    private volatile Runnable onRelease = () -> { };

    public Endpoint(String pool, URI baseUrl, int weight, int maxConcurrent) {
        this(pool, baseUrl, weight, maxConcurrent, GuardSettings.defaults());
    }

    public Endpoint(String pool, URI baseUrl, int weight, int maxConcurrent, GuardSettings guardSettings) {
        if (weight < 1) {
            throw new IllegalArgumentException("endpoint " + baseUrl + ": weight must be >= 1");
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("endpoint " + baseUrl + ": max-concurrent must be >= 1");
        }
        this.pool = Objects.requireNonNull(pool);
        this.baseUrl = stripTrailingSlash(Objects.requireNonNull(baseUrl));
        this.weight = weight;
        this.maxConcurrent = maxConcurrent;
        this.guard = new EndpointGuard(pool + "@" + this.baseUrl, guardSettings);
    }

    /** Takes one concurrency slot if the cap allows it; the caller must {@link #release()} it. */
    public boolean tryAcquire() {
        while (true) {
            int current = inFlight.get();
            if (current >= maxConcurrent) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    public void release() {
        inFlight.decrementAndGet();
        onRelease.run();
    }

    /**
     * Gives back a slot that was never used (the pick lost its breaker permission), without
     * waking the wait queue: the queue's own acquire is what is running, and waking it would
     * recurse.
     */
    void releaseUnused() {
        inFlight.decrementAndGet();
    }

    void onRelease(Runnable listener) {
        this.onRelease = listener;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public boolean hasCapacity() {
        return inFlight.get() < maxConcurrent;
    }

    public String pool() {
        return pool;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public int weight() {
        return weight;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    public EndpointGuard guard() {
        return guard;
    }

    /** The server's own load gauges from its last scrape, or null when never scraped. */
    public ServerLoad serverLoad() {
        return serverLoad;
    }

    public void updateServerLoad(ServerLoad load) {
        this.serverLoad = load;
    }

    /** Resolves an OpenAI path such as {@code /v1/chat/completions} against this endpoint. */
    public URI resolve(String path) {
        return URI.create(baseUrl + path);
    }

    @Override
    public String toString() {
        return pool + "@" + baseUrl;
    }

    private static URI stripTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}
