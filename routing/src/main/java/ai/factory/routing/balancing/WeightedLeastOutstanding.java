package ai.factory.routing.balancing;

import ai.factory.routing.pool.Endpoint;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Weighted least-outstanding-requests: the endpoint with the fewest in-flight requests per unit
 * of weight wins. For LLM serving this beats round-robin because request durations vary by
 * orders of magnitude (a 10-token classification next to a 4,000-token draft).
 *
 * <p>Ties are broken by a rotating start index so that an idle pool still spreads requests
 * instead of sending every tie to the first endpoint.
 */
public final class WeightedLeastOutstanding implements Balancer {

    /** A pick can lose a race for the last slot; retrying a few times is cheaper than failing. */
    private static final int MAX_RACES = 4;

    private final AtomicInteger rotation = new AtomicInteger();

    @Override
    public Endpoint acquire(List<Endpoint> endpoints) {
        for (int attempt = 0; attempt < MAX_RACES; attempt++) {
            Endpoint best = pick(endpoints);
            if (best == null) {
                return null;
            }
            if (best.tryAcquire()) {
                return best;
            }
        }
        return null;
    }

    private Endpoint pick(List<Endpoint> endpoints) {
        int n = endpoints.size();
        int start = Math.floorMod(rotation.getAndIncrement(), n);
        Endpoint best = null;
        double bestScore = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Endpoint candidate = endpoints.get((start + i) % n);
            if (!candidate.hasCapacity()) {
                continue;
            }
            double score = (candidate.inFlight() + 1.0) / candidate.weight();
            if (score < bestScore) {
                bestScore = score;
                best = candidate;
            }
        }
        return best;
    }

    @Override
    public String name() {
        return "weighted-least-outstanding";
    }
}
