/**
 * The tenant-scoped response cache: whether a request may use it, its key over a canonical body, the stored form.
 * Request path: admit (the lookup rides admission's Redis round trip) and settle (the write).
 */
package ai.factory.gateway.cache;
