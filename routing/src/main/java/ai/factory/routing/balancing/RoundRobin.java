package ai.factory.routing.balancing;

import ai.factory.routing.pool.Endpoint;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each endpoint in turn, skipping full ones; weights are ignored. The baseline the others are
 * measured against, and a fair choice when every request costs the same.
 */
public final class RoundRobin implements Balancer {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Endpoint acquire(List<Endpoint> endpoints, BalanceHints hints) {
        return Slots.acquire(endpoints, this::pick);
    }

    private Endpoint pick(List<Endpoint> endpoints) {
        int n = endpoints.size();
        int start = next.getAndIncrement();
        for (int i = 0; i < n; i++) {
            Endpoint candidate = endpoints.get(Math.floorMod(start + i, n));
            if (candidate.hasCapacity()) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public String name() {
        return "round-robin";
    }
}
