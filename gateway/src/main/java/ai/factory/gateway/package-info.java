/**
 * Starts the gateway: the Micronaut application, or first the embedded local stack when no database or Redis is set.
 * Off the request path: start-up only.
 */
package ai.factory.gateway;
