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

    private final AtomicInteger rotation = new AtomicInteger();

    @Override
    public Endpoint acquire(List<Endpoint> endpoints, BalanceHints hints) {
        return Slots.acquire(endpoints, list -> list.isEmpty() ? null
                : Slots.leastLoaded(list, rotation.getAndIncrement()));
    }

    @Override
    public String name() {
        return "least-outstanding";
    }
}
