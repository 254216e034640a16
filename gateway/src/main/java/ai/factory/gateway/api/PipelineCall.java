package ai.factory.gateway.api;

import ai.factory.gateway.api.stage.Terms;
import ai.factory.gateway.auth.Caller;
import ai.factory.routing.alias.Adapter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A call whose body the gateway built (a product invocation, a chat message, an MCP tool call),
 * for an already authenticated caller: it enters the pipeline at the resolve stage.
 *
 * @param requestId the request's id; a second backend call of one invocation (a repair) has its own
 * @param terms the product's terms ({@link Terms#API} for a plain model call)
 * @param channel the entry point ({@code mcp}, {@code slack}, ...), or null for the HTTP API
 * @param endUser the hashed end user behind a chat channel, or null
 */
public record PipelineCall(String requestId, Caller caller, ParsedRequest request, Terms terms, String channel,
        String endUser) {

    public static PipelineCall of(String requestId, Caller caller, ParsedRequest request) {
        return new PipelineCall(requestId, caller, request, Terms.API, null, null);
    }

    /**
     * @param cacheTtl the product's cache policy at this request's temperature (empty: never cache)
     * @param maxOutputTokens the answer's token ceiling, for the reservation
     * @param storable whether a complete (non-streamed) answer may enter the cache
     * @param adapter the LoRA adapter the product is served as, or null
     */
    public PipelineCall forProduct(String product, Optional<Duration> cacheTtl, Integer maxOutputTokens,
            Predicate<byte[]> storable, Adapter adapter) {
        return new PipelineCall(requestId, caller, request,
                new Terms(product, cacheTtl, maxOutputTokens, storable, adapter), channel, endUser);
    }

    /** The same call as it came through a channel, for a (hashed) end user. */
    public PipelineCall via(String channel, String endUser) {
        return new PipelineCall(requestId, caller, request, terms, channel, endUser);
    }
}
