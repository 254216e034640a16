package ai.factory.gateway.observe;

/**
 * What the client asked for, beyond what is billed: the sampling parameters the GenAI
 * conventions record on spans, and whether the answer was streamed (only a stream has a
 * meaningful time per output token).
 *
 * @param temperature null when the request did not set it
 * @param maxTokens null when the request did not set it
 */
public record RequestDetails(Double temperature, Long maxTokens, boolean stream) {

    public static final RequestDetails NONE = new RequestDetails(null, null, false);
}
