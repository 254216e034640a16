package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.api.Encoding;

/**
 * Counts cl100k_base tokens: the yardstick of {@link InputLimits#maxTokens()}, and the gateway's
 * count where the backend gives none (the prompt estimate for a reservation, the output of a
 * stream cut short). cl100k_base stands in for every model's tokenizer; its counts are within a
 * few percent of Llama's and Mistral's for English text, and an estimate is marked as such in the
 * ledger.
 */
public final class TokenCounter {

    /** Chat formats wrap each message in a few control tokens (role, separators). */
    private static final int PER_MESSAGE = 4;
    private static final int PER_REPLY = 3;
    /** Beyond this, counting exactly costs more than it tells: a 4-characters-per-token rule is used. */
    private static final int EXACT_LIMIT_CHARS = 200_000;

    // Shared: the encoding's tables are large and immutable, so every counter uses one copy.
    private static final Encoding CL100K = Cl100k.encoding();

    /** An estimate: exact up to {@value #EXACT_LIMIT_CHARS} characters, four characters a token beyond. */
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return text.length() > EXACT_LIMIT_CHARS ? text.length() / 4 : CL100K.countTokensOrdinary(text);
    }

    /**
     * Tokens in {@code text}, however long: a limit callers can reproduce. "Ordinary" counting
     * treats strings like {@code <|endoftext|>} as plain text: they are input, not control tokens,
     * and the plain count refuses them.
     */
    public int countExactly(String text) {
        return CL100K.countTokensOrdinary(text);
    }

    /** The prompt of a chat, completion or embeddings body: messages, prompt or input. */
    public long prompt(JsonNode body) {
        JsonNode messages = body.get("messages");
        if (messages != null && messages.isArray()) {
            long total = PER_REPLY;
            for (JsonNode message : messages) {
                total += PER_MESSAGE + text(message.get("content")) + text(message.get("name"));
            }
            return total;
        }
        JsonNode prompt = body.has("prompt") ? body.get("prompt") : body.get("input");
        return text(prompt);
    }

    private long text(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isTextual()) {
            return count(node.asText());
        }
        long total = 0;
        if (node.isArray()) {
            for (JsonNode part : node) {
                // Content parts ({"type":"text","text":…}) or a list of prompts / token ids.
                total += part.isObject() ? text(part.get("text")) : part.isNumber() ? 1 : text(part);
            }
        }
        return total;
    }
}
