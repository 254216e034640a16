/**
 * SLO-aware admission to a pool: from the predicted wait, a tier's request is sent, held or shed.
 * Request path: route, before a request is sent to the pool.
 */
package ai.factory.routing.slo;
