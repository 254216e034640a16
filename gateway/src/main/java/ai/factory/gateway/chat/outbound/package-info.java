/**
 * One call to a chat platform's API, with any body and header and the raw status.
 * Off the request path: the chat workers post answers through it.
 */
package ai.factory.gateway.chat.outbound;
