/**
 * Readiness, the clean-up of departed usage consumers, and the migrate command.
 * Off the request path: start-up, health and shutdown.
 */
package ai.factory.gateway.lifecycle;
