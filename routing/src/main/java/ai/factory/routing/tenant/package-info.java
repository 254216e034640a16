/**
 * Where each tenant's requests may go: allowed pools and data residency.
 * Request path: route, which leaves out the targets a tenant may not use.
 */
package ai.factory.routing.tenant;
