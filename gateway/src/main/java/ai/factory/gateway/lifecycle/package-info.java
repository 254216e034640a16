/**
 * Readiness, the clean-up of departed usage consumers, the migrate command, and the start-up
 * preloads and service index.
 * Off the request path: start-up, health and shutdown.
 */
package ai.factory.gateway.lifecycle;
