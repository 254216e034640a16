package ai.factory.routing.balancing;

import ai.factory.routing.pool.Endpoint;
import java.util.List;
import java.util.function.Function;

/** The pick-then-take loop every balancer shares. */
final class Slots {

    /** A pick can lose a race for the last slot; retrying a few times is cheaper than failing. */
    private static final int MAX_RACES = 4;

    private Slots() {
    }

    /** Runs {@code pick} and takes a slot on its choice, retrying when another request won it. */
    static Endpoint acquire(List<Endpoint> endpoints, Function<List<Endpoint>, Endpoint> pick) {
        for (int attempt = 0; attempt < MAX_RACES; attempt++) {
            Endpoint best = pick.apply(endpoints);
            if (best == null) {
                return null;
            }
            if (best.tryAcquire()) {
                return best;
            }
        }
        return null;
    }

    /** In-flight requests per unit of weight, counting the one about to be sent. */
    static double load(Endpoint endpoint) {
        return (endpoint.inFlight() + 1.0) / endpoint.weight();
    }

    /** The endpoint with capacity and the lowest load, scanning from {@code start} to spread ties. */
    static Endpoint leastLoaded(List<Endpoint> endpoints, int start) {
        int n = endpoints.size();
        Endpoint best = null;
        double bestScore = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Endpoint candidate = endpoints.get(Math.floorMod(start + i, n));
            if (!candidate.hasCapacity()) {
                continue;
            }
            double score = load(candidate);
            if (score < bestScore) {
                bestScore = score;
                best = candidate;
            }
        }
        return best;
    }
}
