/**
 * The JSON access log: one line per request from its usage event, through a bounded non-blocking buffer.
 * Request path: settle appends the line; writing it runs off the request path.
 */
package ai.factory.gateway.observe.log;
