/**
 * Rate limits, concurrency leases and budgets: reserve before the backend call, settle after, one Redis call each.
 * Request path: admit and settle; while Redis is unreachable a local limiter stands in.
 */
package ai.factory.gateway.ratelimit;
