package ai.factory.routing.backend;

import ai.factory.routing.pool.Endpoint;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one request to one endpoint. Completes with the reply once the response head is in
 * (any status: deciding what a 4xx or 5xx means is the router's job), or exceptionally with a
 * {@link BackendFailure} of kind CONNECT or TIMEOUT. Must never block the calling thread.
 */
public interface BackendTransport {

    CompletableFuture<BackendReply> send(Endpoint endpoint, BackendRequest request);
}
