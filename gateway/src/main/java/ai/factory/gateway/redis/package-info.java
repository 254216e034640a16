/**
 * Redis for the whole gateway: one server or a Cluster behind one store, the tenant's key names, Lua scripts, batching.
 * Request path: admit and settle make their one round trip each through here; other users are off the path.
 */
package ai.factory.gateway.redis;
