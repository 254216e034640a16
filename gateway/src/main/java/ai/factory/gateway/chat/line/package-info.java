/**
 * LINE Messaging API: webhooks verified and parsed into turns, answers by reply token or push.
 * Off the request path: answered on the chat workers; a turn enters the request path at resolve through ChatPipeline.
 */
package ai.factory.gateway.chat.line;
