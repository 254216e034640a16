/**
 * GET /admin/requests: operators page through the ledger's usage events, newest first, by keyset.
 * Off the request path: reads the ledger on the blocking pool.
 */
package ai.factory.gateway.explorer;
