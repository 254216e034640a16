/**
 * The OpenAI-compatible surface and the chain every call runs through (ProxyPipeline), entered by body or PipelineCall.
 * Request path: all of it, auth to settle; ReplyRelay carries the bytes of the relay stage.
 */
package ai.factory.gateway.api;
