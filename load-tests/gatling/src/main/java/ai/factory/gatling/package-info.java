/**
 * Load-test tooling: the backing PostgreSQL and Redis for a test gateway, a time-to-first-token probe, JFR hot spots.
 * Off the request path: measures the gateway from outside.
 */
package ai.factory.gatling;
