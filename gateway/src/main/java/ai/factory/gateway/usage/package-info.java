/**
 * The usage API: roll-ups for a tenant (GET /v1/usage) or operators (GET /admin/usage), JSON or CSV, request lookup.
 * Off the request path: reads the ledger on the blocking pool; budgets re-seed from UsageTotals.
 */
package ai.factory.gateway.usage;
