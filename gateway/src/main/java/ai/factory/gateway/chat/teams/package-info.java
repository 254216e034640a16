/**
 * Microsoft Teams through the Bot Framework: JWT-verified activities, answered through the Bot Connector.
 * Off the request path: answered on the chat workers; a turn enters the request path at resolve through ChatPipeline.
 */
package ai.factory.gateway.chat.teams;
