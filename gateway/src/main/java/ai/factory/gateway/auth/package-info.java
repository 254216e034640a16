/**
 * API keys to callers: key format and hashing, the cached key lookup, revocation across instances, failed-auth limits.
 * Request path: auth.
 */
package ai.factory.gateway.auth;
