/**
 * POST /v1/responses: translated to a chat completion and back, or passed through, with its stored conversations.
 * Request path: parse (translated in), the chat path from resolve (ChatCompletions), relay (translated out).
 */
package ai.factory.gateway.responses;
