/**
 * The developers' portal at /portal and GET /v1/limits: a tenant's limits and what remains, read without reserving.
 * Off the request path.
 */
package ai.factory.gateway.portal;
