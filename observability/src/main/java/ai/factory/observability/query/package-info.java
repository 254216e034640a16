/**
 * Reads the PromQL of the Grafana dashboards and Prometheus rules, so tests can check every metric named exists.
 * Off the request path: build-time checks.
 */
package ai.factory.observability.query;
