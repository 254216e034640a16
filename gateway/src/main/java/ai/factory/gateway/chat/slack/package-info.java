/**
 * Slack: Events API and slash commands verified with the signing secret, answers posted and streamed as edits.
 * Off the request path: answered on the chat workers; a turn enters the request path at resolve through ChatPipeline.
 */
package ai.factory.gateway.chat.slack;
