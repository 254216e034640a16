/**
 * Zalo Official Account: signed webhook events, answers through the OA message API.
 * Off the request path: answered on the chat workers; a turn enters the request path at resolve through ChatPipeline.
 */
package ai.factory.gateway.chat.zalo;
