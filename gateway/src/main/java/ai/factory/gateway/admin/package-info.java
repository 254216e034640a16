/**
 * The operators' API for tenants, keys, entitlements and policies; the guards on /admin and management endpoints.
 * Off the request path, except the filter that strips operator-only headers from every response.
 */
package ai.factory.gateway.admin;
