/**
 * A chat thread's conversation memory: LangChain4j's token-window ChatMemory kept in Redis under the tenant's keys.
 * Off the request path: read and written on the chat workers around a turn's call.
 */
package ai.factory.gateway.chat.memory;
