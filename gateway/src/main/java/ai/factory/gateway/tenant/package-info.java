/**
 * Tenants and their API keys as stored (the hash, never the key).
 * Request path: auth reads keys on a cache miss; the admin API writes them off the request path.
 */
package ai.factory.gateway.tenant;
