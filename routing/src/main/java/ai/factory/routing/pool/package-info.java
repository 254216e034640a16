/**
 * Pools of model servers: endpoints with their concurrency caps and load, settings, protocol, location and wait queue.
 * Request path: route.
 */
package ai.factory.routing.pool;
