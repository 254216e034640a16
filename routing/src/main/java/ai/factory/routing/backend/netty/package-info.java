/**
 * The OpenAI-compatible transport on the gateway's own Netty event loops, with a keep-alive pool per loop and endpoint.
 * Request path: route and relay, on the request's event loop from start to end.
 */
package ai.factory.routing.backend.netty;
