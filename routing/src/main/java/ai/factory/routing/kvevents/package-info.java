/**
 * vLLM's KV-cache events: subscribed over ZMQ, decoded, and kept as which blocks each server holds.
 * Off the request path: the subscriber feeds the index the route stage's kv-prefix balancer reads.
 */
package ai.factory.routing.kvevents;
