/**
 * Prometheus metrics: GenAI and gateway meters from each usage event, pool and budget gauges, the usage flush's lag.
 * Request path: settle records a request's meters; gauges and probes are read off the request path.
 */
package ai.factory.gateway.observe.metrics;
