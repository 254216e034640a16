/**
 * Configuration of pools, model aliases, tenant routing and the backend transport, built into the routing core.
 * Off the request path: read at start-up and on refresh; route uses what it builds.
 */
package ai.factory.gateway.config;
