/**
 * Whether an endpoint may take requests: circuit breaker and probes of /health and /metrics.
 * Request path: route asks each endpoint's guard; the probes run off the request path.
 */
package ai.factory.routing.health;
