/**
 * One spelling of the GenAI semantic-convention names and the gateway's own metric names, for code and dashboards.
 * Off the request path: names the gateway's observers use at settle.
 */
package ai.factory.observability;
