/**
 * Tenant policies: tiers, limit overrides, the ledger's seeds for budgets, cached in memory and dropped on change.
 * Request path: admit reads the cached policy, product calls their entitlements; loads run off the event loop.
 */
package ai.factory.gateway.policy;
