/**
 * The operators' console at /ops: its static files and the live numbers it reads from this instance's meters.
 * Off the request path.
 */
package ai.factory.gateway.ops;
