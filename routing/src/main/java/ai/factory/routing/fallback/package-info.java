/**
 * A request's walk through its alias's targets: retries, fallbacks, and the error that names every attempt.
 * Request path: route.
 */
package ai.factory.routing.fallback;
