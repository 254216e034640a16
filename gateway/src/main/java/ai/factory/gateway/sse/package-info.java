/**
 * Server-sent events on bytes: cutting a stream into events, relaying them, reading a chunk's JSON without parsing it.
 * Request path: relay, and the usage meter that counts a stream.
 */
package ai.factory.gateway.sse;
