/**
 * Chat integrations: business users reach the products from Slack, Telegram, LINE, Teams and
 * Zalo. A webhook {@code POST /chat/{platform}/{bindingId}} is verified and parsed by that
 * platform's {@link ai.factory.gateway.chat.ChatPlatform}, acknowledged at once, deduplicated in
 * Redis, and each {@link ai.factory.gateway.chat.InboundTurn} is answered off the event loop by the
 * core: per-end-user limit, commands or the default chat product with memory, the same pipeline as
 * the HTTP API (billed to the binding's tenant, usage carrying {@code channel} and the hashed
 * {@code end_user}), then the answer formatted, split at the platform's limit and posted (or
 * streamed as edits). Platforms live in sub-packages, one each.
 * Off the request path: webhooks are answered on the chat workers; a turn enters the request path
 * at resolve through ChatPipeline.
 */
package ai.factory.gateway.chat;
