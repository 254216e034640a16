/**
 * Request ids (the gateway's own, and the client's kept for correlation) and the identifiers clients send, bounded.
 * Request path: before auth; every request gets its id here and bad identifiers are refused at the edge.
 */
package ai.factory.gateway.http;
