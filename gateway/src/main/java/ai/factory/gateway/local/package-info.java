/**
 * The local run: embedded PostgreSQL, Redis and emulated GPU servers, the demo tenant and its key.
 * Off the request path: start-up only, and never in production.
 */
package ai.factory.gateway.local;
