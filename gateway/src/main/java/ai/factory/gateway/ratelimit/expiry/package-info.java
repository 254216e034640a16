/**
 * Reservations that outlive their instance: recorded in Redis, renewed while served, reaped and billed when it died.
 * Request path: admit records a reservation and settle takes it back; renewal and reaping run off the request path.
 */
package ai.factory.gateway.ratelimit.expiry;
