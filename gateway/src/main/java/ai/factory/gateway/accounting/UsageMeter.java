package ai.factory.gateway.accounting;

import ai.factory.gateway.ratelimit.Bounded;
import ai.factory.routing.backend.SseFramer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Watches one answer go by and works out what it used. The backend's {@code usage} is the
 * truth; when it never comes (a cut stream, a client that left) the output seen so far is
 * counted with the tokenizer and the result is marked estimated. Holds counters, not text.
 */
public final class UsageMeter {

    private final ObjectMapper json;
    private final TokenCounter tokens;
    private final long promptEstimate;
    private final boolean clientWantsUsage;
    private long input = -1;
    private long output = -1;
    private long cached;
    private long countedOutput;
    private long firstTokenNanos;
    private boolean done;

    /**
     * @param clientWantsUsage whether the client asked for the usage chunk itself; if not, the
     *     gateway asked for it and removes it from what the client receives
     */
    public UsageMeter(ObjectMapper json, TokenCounter tokens, long promptEstimate, boolean clientWantsUsage) {
        this.json = json;
        this.tokens = tokens;
        this.promptEstimate = promptEstimate;
        this.clientWantsUsage = clientWantsUsage;
    }

    /** A whole (non-streamed) answer body. */
    public void body(byte[] body) {
        firstTokenNanos = System.nanoTime();
        try {
            usage(json.readTree(body).get("usage"));
        } catch (Exception e) {
            // not JSON: nothing reported, the estimate stands
        }
    }

    /** One SSE event of a stream; returns false when the event must not reach the client. */
    public boolean event(byte[] event) {
        String data = SseFramer.data(event);
        if (data == null) {
            return true;
        }
        if ("[DONE]".equals(data)) {
            done = true;
            return true;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(data);
        } catch (Exception e) {
            return true;
        }
        JsonNode usage = chunk.get("usage");
        JsonNode choices = chunk.get("choices");
        boolean usageOnly = usage != null && !usage.isNull() && (choices == null || choices.isEmpty());
        if (usage != null && !usage.isNull()) {
            usage(usage);
        }
        if (choices != null) {
            for (JsonNode choice : choices) {
                String piece = choice.has("delta") ? choice.get("delta").path("content").asText("") : choice.path("text").asText("");
                if (!piece.isEmpty()) {
                    if (firstTokenNanos == 0) {
                        firstTokenNanos = System.nanoTime();
                    }
                    countedOutput += tokens.count(piece);
                }
            }
        }
        return !(usageOnly && !clientWantsUsage);
    }

    private void usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        // A backend's numbers are not trusted to be sane: clamped, so no sum of them can overflow.
        input = Bounded.clamp(usage.path("prompt_tokens").asLong(0));
        output = Bounded.clamp(usage.path("completion_tokens").asLong(0));
        cached = Math.min(input, Bounded.clamp(usage.path("prompt_tokens_details").path("cached_tokens").asLong(0)));
    }

    public boolean reported() {
        return input >= 0;
    }

    public long inputTokens() {
        return reported() ? input : promptEstimate;
    }

    public long outputTokens() {
        return reported() ? output : countedOutput;
    }

    public long cachedTokens() {
        return reported() ? cached : 0;
    }

    /** Whether the stream ended with {@code [DONE]}. */
    public boolean done() {
        return done;
    }

    /** System.nanoTime() of the first output token (or of the whole answer), 0 if none yet. */
    public long firstTokenNanos() {
        return firstTokenNanos;
    }
}
