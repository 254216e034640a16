package ai.factory.routing.balancing;

import ai.factory.routing.pool.Endpoint;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a conversation ({@code x-session-id}) on one endpoint, so its earlier turns stay in that
 * server's KV cache, with bounded load: consistent hashing with bounded loads (Mirrokni et al.).
 * Endpoints are ranked per session by rendezvous hashing, which needs no shared state and moves
 * only the sessions of an endpoint that left; the first one whose load stays within
 * {@code loadFactor} × the pool's average takes the request. A hot session thus overflows to
 * its second choice instead of overloading its first. Requests without a session go to the
 * least loaded endpoint.
 */
public final class SessionAffinity implements Balancer {

    private final double loadFactor;
    private final AtomicInteger rotation = new AtomicInteger();

    /** @param loadFactor how far above the average an endpoint may be and still keep its sessions, > 1 */
    public SessionAffinity(double loadFactor) {
        if (loadFactor <= 1.0) {
            throw new IllegalArgumentException("session affinity load factor must be > 1: " + loadFactor);
        }
        this.loadFactor = loadFactor;
    }

    public SessionAffinity() {
        this(1.25);
    }

    @Override
    public Endpoint acquire(List<Endpoint> endpoints, BalanceHints hints) {
        if (hints.sessionId() == null || hints.sessionId().isEmpty()) {
            return Slots.acquire(endpoints, list -> list.isEmpty() ? null
                    : Slots.leastLoaded(list, rotation.getAndIncrement()));
        }
        return Slots.acquire(endpoints, list -> pick(list, hints.sessionId()));
    }

    private Endpoint pick(List<Endpoint> endpoints, String session) {
        if (endpoints.isEmpty()) {
            return null;
        }
        double total = 0;
        for (Endpoint e : endpoints) {
            total += Slots.load(e);
        }
        // The bound counts the new request, so an idle pool never rejects anyone.
        double bound = Math.ceil(loadFactor * total / endpoints.size());
        Endpoint[] ranked = endpoints.toArray(new Endpoint[0]);
        long sessionHash = session.hashCode() * 0x9E3779B97F4A7C15L;
        Arrays.sort(ranked, Comparator.comparingLong((Endpoint e) -> rank(sessionHash, e)).reversed());
        for (Endpoint candidate : ranked) {
            if (candidate.hasCapacity() && Slots.load(candidate) <= bound) {
                return candidate;
            }
        }
        return Slots.leastLoaded(endpoints, 0);
    }

    /** Rendezvous weight of (session, endpoint); the highest ranks first. */
    private static long rank(long sessionHash, Endpoint endpoint) {
        long h = sessionHash ^ endpoint.baseUrl().toString().hashCode() * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 31;
        h *= 0x7FB5D329728EA185L;
        h ^= h >>> 27;
        return h;
    }

    @Override
    public String name() {
        return "session-affinity";
    }
}
