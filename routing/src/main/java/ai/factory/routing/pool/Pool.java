package ai.factory.routing.pool;

import ai.factory.routing.balancing.BalanceHints;
import ai.factory.routing.balancing.Balancer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A named group of interchangeable model servers that one balancer spreads requests across.
 *
 * <p>The endpoint list is one immutable snapshot behind a volatile field, swapped whole by
 * {@link #replaceEndpoints(List)}: a configuration reload never leaves a half-updated list, and a
 * removed endpoint keeps serving the requests already on it (they hold the object, not a slot in
 * the list).
 */
public final class Pool {

    private final String name;
    private final Protocol protocol;
    private volatile List<Endpoint> endpoints;
    private final Balancer balancer;
    private final String apiKey;
    private final PoolSettings settings;
    private final WaitQueue queue;

    /** @param apiKey the pool's own credential for its servers (null when they need none) */
    public Pool(String name, Protocol protocol, List<Endpoint> endpoints, Balancer balancer, String apiKey,
            PoolSettings settings) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("pool '" + name + "' has no endpoints");
        }
        this.name = Objects.requireNonNull(name);
        this.protocol = Objects.requireNonNull(protocol);
        this.endpoints = List.copyOf(endpoints);
        this.balancer = Objects.requireNonNull(balancer);
        this.apiKey = apiKey;
        this.settings = Objects.requireNonNull(settings);
        this.queue = settings.queue().enabled() ? new WaitQueue(name, settings.queue(), this::acquire) : null;
        listen(this.endpoints);
    }

    private void listen(List<Endpoint> list) {
        if (queue != null) {
            list.forEach(e -> e.onRelease(queue::drain));
        }
    }

    public Pool(String name, Protocol protocol, List<Endpoint> endpoints, Balancer balancer, String apiKey) {
        this(name, protocol, endpoints, balancer, apiKey, PoolSettings.defaults());
    }

    public Pool(String name, Protocol protocol, List<Endpoint> endpoints, Balancer balancer) {
        this(name, protocol, endpoints, balancer, null);
    }

    /** Picks an endpoint and takes one of its slots, or returns null when every one is full. */
    public Endpoint acquire() {
        return acquire(BalanceHints.NONE, Set.of());
    }

    /**
     * Picks a routable endpoint not in {@code exclude}, takes one of its slots and its circuit
     * breaker's permission. Null when none is routable or all are full.
     */
    public Endpoint acquire(BalanceHints hints, Collection<Endpoint> exclude) {
        List<Endpoint> candidates = new ArrayList<>(endpoints);
        candidates.removeIf(e -> exclude.contains(e) || !e.guard().routable());
        while (!candidates.isEmpty()) {
            Endpoint chosen = balancer.acquire(candidates, hints);
            if (chosen == null) {
                return null;
            }
            if (chosen.guard().tryEnter()) {
                return chosen;
            }
            // Half-open and its probes are all out: give the slot back and look elsewhere.
            chosen.releaseUnused();
            candidates.remove(chosen);
        }
        return null;
    }

    /**
     * As {@link #acquire(BalanceHints, Collection)}, but when the pool is merely full (some
     * endpoint is routable, all are at their cap) and it has a wait queue, waits there for a
     * slot instead of failing. Never blocks: the future completes when a slot frees, or fails
     * with NO_CAPACITY when the queue is full or the wait times out. Completes with null when
     * nothing could be had and waiting would not help.
     */
    public CompletableFuture<Endpoint> acquireOrWait(BalanceHints hints, Collection<Endpoint> exclude, String tenant,
            int priority) {
        Endpoint endpoint = acquire(hints, exclude);
        if (endpoint != null || queue == null || !exclude.isEmpty() || !anyRoutable()) {
            return CompletableFuture.completedFuture(endpoint);
        }
        return queue.await(hints, exclude, tenant, priority);
    }

    private boolean anyRoutable() {
        for (Endpoint e : endpoints) {
            if (e.guard().routable()) {
                return true;
            }
        }
        return false;
    }

    /** Requests waiting in this pool's queue now. */
    public int waiting() {
        return queue == null ? 0 : queue.size();
    }

    /** Why {@link #acquire} found nothing, naming what kept each endpoint out. */
    public String unavailableReason(Collection<Endpoint> exclude) {
        Map<String, Integer> reasons = new HashMap<>();
        for (Endpoint e : endpoints) {
            if (exclude.contains(e)) {
                continue;
            }
            String why = e.guard().describe();
            if ("available".equals(why)) {
                why = e.hasCapacity() ? "available" : "at the concurrency limit";
            }
            reasons.merge(why, 1, Integer::sum);
        }
        if (reasons.size() == 1 && reasons.containsKey("at the concurrency limit")) {
            return "all " + reasons.get("at the concurrency limit") + " endpoints are at their concurrency limit";
        }
        List<String> parts = new ArrayList<>();
        reasons.forEach((why, count) -> parts.add(count + " " + why));
        parts.sort(null);
        return "no endpoint available (" + String.join(", ", parts) + ")";
    }

    /**
     * Swaps in a new endpoint list (a configuration reload). Endpoints whose URL stays keep their
     * object, so their in-flight count, circuit breaker and health carry over; new URLs get the
     * given objects; removed ones simply stop being chosen.
     */
    public void replaceEndpoints(List<Endpoint> next) {
        if (next.isEmpty()) {
            throw new IllegalArgumentException("pool '" + name + "' cannot be left without endpoints");
        }
        synchronized (this) {
            Map<String, Endpoint> current = new HashMap<>();
            for (Endpoint e : endpoints) {
                current.put(e.baseUrl().toString(), e);
            }
            List<Endpoint> merged = new ArrayList<>(next.size());
            for (Endpoint e : next) {
                Endpoint kept = current.get(e.baseUrl().toString());
                boolean same = kept != null && kept.weight() == e.weight() && kept.maxConcurrent() == e.maxConcurrent();
                merged.add(same ? kept : e);
            }
            endpoints = List.copyOf(merged);
            listen(endpoints);
        }
    }

    public String name() {
        return name;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The current endpoint snapshot. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The credential the gateway presents to this pool's servers; never a tenant's key. */
    public String apiKey() {
        return apiKey;
    }

    public String balancerName() {
        return balancer.name();
    }

    public PoolSettings settings() {
        return settings;
    }

    public Location location() {
        return settings.location();
    }
}
