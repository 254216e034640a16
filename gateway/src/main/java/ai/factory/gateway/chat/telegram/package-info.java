/**
 * Telegram's Bot API: secret-token-verified updates, answers in MarkdownV2, streamed with message edits.
 * Off the request path: answered on the chat workers; a turn enters the request path at resolve through ChatPipeline.
 */
package ai.factory.gateway.chat.telegram;
