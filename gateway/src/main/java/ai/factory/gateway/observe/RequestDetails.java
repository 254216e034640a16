package ai.factory.gateway.observe;

/**
 * What the client asked for, beyond what is billed: the sampling parameters the GenAI
 * conventions record on spans, and whether the answer was streamed (only a stream has a
 * meaningful time per output token). For a tenant that opted in to content capture, also the
 * prompt and the answer in the conventions' message form (bounded); null for everyone else.
 * Never logged: toString leaves the text out.
 *
 * @param temperature null when the request did not set it
 * @param maxTokens null when the request did not set it
 * @param inputMessages {@code gen_ai.input.messages} as JSON, or null when not captured
 * @param outputMessages {@code gen_ai.output.messages} as JSON, or null when not captured
 */
public record RequestDetails(Double temperature, Long maxTokens, boolean stream, String inputMessages,
                             String outputMessages) {

    public static final RequestDetails NONE = new RequestDetails(null, null, false);

    public RequestDetails(Double temperature, Long maxTokens, boolean stream) {
        this(temperature, maxTokens, stream, null, null);
    }

    public RequestDetails withContent(String input, String output) {
        return new RequestDetails(temperature, maxTokens, stream, input, output);
    }

    @Override
    public String toString() {
        return "RequestDetails[temperature=" + temperature + ", maxTokens=" + maxTokens + ", stream=" + stream
                + ", content=" + (inputMessages != null || outputMessages != null ? "captured" : "none") + "]";
    }
}
