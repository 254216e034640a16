/**
 * Balancers: which endpoint of a pool serves a request (round robin, least outstanding, prefix, session, KV, LoRA).
 * Request path: route.
 */
package ai.factory.routing.balancing;
