package ai.factory.gateway.accounting;

import ai.factory.products.Cl100k;
import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.api.Encoding;
import jakarta.inject.Singleton;

/**
 * Counts tokens where the backend does not: the prompt estimate for a reservation, and the
 * output of a stream cut short. cl100k_base stands in for every model's tokenizer; its counts
 * are within a few percent of Llama's and Mistral's for English text, and an estimate is marked
 * as such in the ledger.
 */
@Singleton
public class TokenCounter {

    /** Chat formats wrap each message in a few control tokens (role, separators). */
    private static final int PER_MESSAGE = 4;
    private static final int PER_REPLY = 3;
    /** Beyond this, counting exactly costs more than it tells: a 4-characters-per-token rule is used. */
    private static final int EXACT_LIMIT_CHARS = 200_000;

    /** Shared: the encoding's tables are large and immutable, so the process holds one copy (the catalog's too). */
    private static final Encoding ENCODING = Cl100k.encoding();

    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return text.length() > EXACT_LIMIT_CHARS ? text.length() / 4 : ENCODING.countTokensOrdinary(text);
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
