package ai.factory.gateway.ratelimit;

import ai.factory.gateway.error.GatewayError;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.ToLongFunction;

/**
 * What a request may use at most, checked before anything is reserved: the prompt (with the
 * tool and function schemas and a fixed estimate per image, audio or file part, which the text
 * count misses) plus the answer's ceiling times the number of choices. A {@code max_tokens} the
 * model cannot produce is a 400 here, never a reservation: a reservation of 2^63 tokens is what
 * once locked a tenant out for millions of years. Every sum saturates at {@link Bounded#MAX}.
 *
 * @param promptTokens the prompt's estimate, parts and schemas included
 * @param outputTokens the answer's ceiling times {@code n}
 */
public record UsageCeiling(long promptTokens, long outputTokens) {

    /** OpenAI's own upper bound for {@code n}. */
    public static final int MAX_CHOICES = 128;
    /** A high-detail image of the largest accepted size costs about this many prompt tokens. */
    public static final long IMAGE_TOKENS = 1_600;
    /** Audio and file parts are charged a fixed, generous estimate; the backend's usage settles it. */
    public static final long AUDIO_TOKENS = 4_000;
    public static final long FILE_TOKENS = 8_000;

    public long tokens() {
        return Bounded.add(promptTokens, outputTokens);
    }

    /**
     * @param textPrompt the prompt's text tokens as counted by the tokenizer
     * @param embeddings an embeddings call, which produces no output tokens
     * @param prepared the answer's ceiling set by a product manifest (trusted config), or null for a client's body
     * @param defaultMax the ceiling assumed when the body sets none
     * @param ceiling the most the target model can produce for one choice
     * @param counter the tokenizer, for tool and function schemas
     */
    public static UsageCeiling of(JsonNode body, long textPrompt, boolean embeddings, Integer prepared, long defaultMax,
            long ceiling, ToLongFunction<String> counter) {
        long prompt = Bounded.add(textPrompt, extraPromptTokens(body, counter));
        if (embeddings) {
            return new UsageCeiling(prompt, 0);
        }
        long max = prepared != null ? Math.min(Math.max(1, prepared), ceiling) : requestedMax(body, defaultMax, ceiling);
        long choices = Math.max(count(body, "n"), count(body, "best_of"));
        return new UsageCeiling(prompt, Bounded.multiply(max, choices));
    }

    /**
     * {@code max_completion_tokens} wins over the older {@code max_tokens}, unless it is absent or
     * null; a Responses body (passed through as is) has {@code max_output_tokens}.
     */
    public static JsonNode maxTokensField(JsonNode body) {
        JsonNode completion = body.get("max_completion_tokens");
        if (completion != null && !completion.isNull()) {
            return completion;
        }
        JsonNode output = body.get("max_output_tokens");
        return output != null && !output.isNull() ? output : body.get("max_tokens");
    }

    private static long requestedMax(JsonNode body, long defaultMax, long ceiling) {
        JsonNode max = maxTokensField(body);
        if (max == null || max.isNull()) {
            return Math.min(Bounded.clamp(defaultMax), ceiling);
        }
        String param = max == body.get("max_completion_tokens") ? "max_completion_tokens"
                : max == body.get("max_output_tokens") ? "max_output_tokens" : "max_tokens";
        if (!max.isIntegralNumber() || !max.canConvertToLong() || max.asLong() < 1) {
            throw GatewayError.invalidRequest(param, "'" + param + "' must be a positive integer");
        }
        if (max.asLong() > ceiling) {
            throw GatewayError.invalidRequest(param, "'" + param + "' is " + max.asText()
                    + " but this model produces at most " + ceiling + " tokens");
        }
        return max.asLong();
    }

    private static long count(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return 1;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1 || n.asInt() > MAX_CHOICES) {
            throw GatewayError.invalidRequest(field, "'" + field + "' must be an integer from 1 to " + MAX_CHOICES);
        }
        return n.asInt();
    }

    /** Tool and function schemas (sent to the model as text) and non-text parts of the messages. */
    static long extraPromptTokens(JsonNode body, ToLongFunction<String> counter) {
        long total = 0;
        for (String schema : new String[] {"tools", "functions", "response_format"}) {
            JsonNode node = body.get(schema);
            if (node != null && !node.isNull()) {
                total = Bounded.add(total, counter.applyAsLong(node.toString()));
            }
        }
        JsonNode messages = body.get("messages");
        if (messages != null && messages.isArray()) {
            for (JsonNode message : messages) {
                JsonNode content = message.get("content");
                if (content != null && content.isArray()) {
                    for (JsonNode part : content) {
                        total = Bounded.add(total, partTokens(part.path("type").asText("")));
                    }
                }
            }
        }
        return total;
    }

    /** The fixed prompt estimate of a content part by its {@code type}; 0 for text. */
    public static long partTokens(String type) {
        return switch (type) {
            case "image_url", "input_image", "image" -> IMAGE_TOKENS;
            case "input_audio", "audio" -> AUDIO_TOKENS;
            case "file", "input_file" -> FILE_TOKENS;
            default -> 0;
        };
    }
}
