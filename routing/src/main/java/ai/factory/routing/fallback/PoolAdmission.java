package ai.factory.routing.fallback;

import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Getting a slot in a pool for one attempt: at once, after a wait in the pool's queue (first
 * attempt only: a retry after a failure does not queue again), or null when there is none.
 */
final class PoolAdmission {

    private PoolAdmission() {
    }

    static CompletableFuture<Endpoint> acquire(Pool pool, String model, RouteHints hints, Set<Endpoint> tried) {
        if (!tried.isEmpty()) {
            return CompletableFuture.completedFuture(pool.acquire(hints.balance().forModel(model), tried));
        }
        return pool.acquireOrWait(hints.balance().forModel(model), tried, hints.tenantId(), hints.priority());
    }
}
