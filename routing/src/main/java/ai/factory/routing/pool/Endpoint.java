package ai.factory.routing.pool;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model server (a vLLM/TGI/NIM/Ollama process) inside a pool.
 *
 * <p>Tracks its outstanding requests so balancers can prefer the least loaded one, and enforces
 * its concurrency cap: a GPU server past its batch size only queues, so the gateway stops
 * sending before that point rather than piling work onto it.
 */
public final class Endpoint {

    private final String pool;
    private final URI baseUrl;
    private final int weight;
    private final int maxConcurrent;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Endpoint(String pool, URI baseUrl, int weight, int maxConcurrent) {
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
