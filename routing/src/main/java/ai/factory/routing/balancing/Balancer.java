package ai.factory.routing.balancing;

import ai.factory.routing.pool.Endpoint;
import java.util.List;

/**
 * Chooses the endpoint of a pool for one request. Implementations pick and take the slot in one
 * step ({@link Endpoint#tryAcquire()}) so two concurrent picks can never both overfill the same
 * endpoint.
 */
public interface Balancer {

    /** The acquired endpoint, or null when every endpoint is at its concurrency cap. */
    Endpoint acquire(List<Endpoint> endpoints);

    String name();
}
