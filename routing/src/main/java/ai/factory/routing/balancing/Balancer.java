package ai.factory.routing.balancing;

import ai.factory.routing.pool.Endpoint;
import java.util.List;

/**
 * Chooses the endpoint of a pool for one request. Implementations pick and take the slot in one
 * step ({@link Endpoint#tryAcquire()}) so two concurrent picks can never both overfill the same
 * endpoint.
 *
 * <p>The endpoints given are the pool's routable ones (healthy, circuit not open, not cooling
 * down after a 429); a balancer only weighs load and cache, never health.
 */
public interface Balancer {

    /**
     * The acquired endpoint, or null when every endpoint is at its concurrency cap.
     *
     * @param hints what the request tells about itself (session, prompt prefix); never null
     */
    Endpoint acquire(List<Endpoint> endpoints, BalanceHints hints);

    /** A pick for a request that carries no hints. */
    default Endpoint acquire(List<Endpoint> endpoints) {
        return acquire(endpoints, BalanceHints.NONE);
    }

    String name();
}
