/**
 * The local file a usage event waits in while Redis cannot take it, and the replay back into the stream.
 * Request path: settle, when Redis refuses the event; the replay runs off the request path.
 */
package ai.factory.gateway.accounting.spool;
