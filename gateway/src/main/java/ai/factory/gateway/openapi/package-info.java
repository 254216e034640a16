/**
 * GET /v1/openapi.json: the OpenAPI document of what the calling tenant may use, built from the live catalog.
 * Off the request path: a read for tenants, authenticated with their key.
 */
package ai.factory.gateway.openapi;
