/**
 * Calling one model server: request, reply with its streamed body, failure kinds, SSE framing, the JDK transport.
 * Request path: route (the call) and relay (the body as it arrives).
 */
package ai.factory.routing.backend;
