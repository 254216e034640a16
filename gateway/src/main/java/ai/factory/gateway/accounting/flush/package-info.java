/**
 * Moves usage events from the Redis streams into the PostgreSQL ledger: decode, land in one transaction, ack, trim.
 * Off the request path: one dedicated thread per instance, never an event loop.
 */
package ai.factory.gateway.accounting.flush;
