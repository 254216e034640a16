package ai.factory.products;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Objects;

/**
 * Checks a model's answer against a product's output contract, and builds the one repair attempt
 * the gateway makes when a JSON answer is invalid.
 */
public final class OutputCheck {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The outcome of {@link #check}. */
    public sealed interface Result permits Valid, Invalid {
    }

    /**
     * The answer honours the contract.
     *
     * @param output a text node for text products, the parsed document for JSON products, an array of
     *               vectors (in input order) for embeddings
     */
    public record Valid(JsonNode output) implements Result {
    }

    /** The answer breaks the contract; pointers point into the answer's JSON ({@code ""} for the whole). */
    public record Invalid(List<Violation> violations) implements Result {

        public Invalid {
            violations = List.copyOf(violations);
        }
    }

    private OutputCheck() {
    }

    /**
     * Checks {@code answer}: for text products the assistant message text, for JSON products the same
     * text (parsed here), for embeddings the embeddings response body.
     */
    public static Result check(Product product, String answer) {
        if (answer == null || answer.isBlank()) {
            return invalid("", "the answer is empty");
        }
        Product.Manifest m = product.manifest();
        return switch (m.outputKind()) {
            case TEXT -> new Valid(TextNode.valueOf(answer));
            case JSON -> checkJson(m.outputSchema().orElseThrow(), answer);
            case EMBEDDING -> EmbeddingAnswer.vectors(answer);
        };
    }

    /**
     * The repair attempt for an invalid JSON answer: the original request with the bad answer appended
     * as the assistant's turn and a user turn that lists the errors and asks for the corrected JSON
     * alone. Everything else (model, parameters, {@code response_format}) is kept.
     *
     * @param originalRequest the chat-completions body first sent; not modified
     * @param badAnswer       the assistant message text that failed the check
     * @param violations      what {@link #check} reported
     */
    public static ObjectNode repairRequest(ObjectNode originalRequest, String badAnswer, List<Violation> violations) {
        Objects.requireNonNull(badAnswer, "badAnswer");
        ObjectNode repair = originalRequest.deepCopy();
        JsonNode existing = repair.get("messages");
        if (existing == null || !existing.isArray()) {
            throw new IllegalArgumentException("the original request has no 'messages' array: only chat requests can be repaired");
        }
        ArrayNode messages = (ArrayNode) existing;
        messages.addObject().put("role", "assistant").put("content", badAnswer);
        StringBuilder ask = new StringBuilder("Your previous answer does not match the required JSON schema:\n");
        for (Violation v : violations) {
            ask.append("- ").append(v).append('\n');
        }
        ask.append("Reply again with only the corrected JSON document: no explanations, no code fences.");
        messages.addObject().put("role", "user").put("content", ask.toString());
        return repair;
    }

    private static Result checkJson(CompiledSchema schema, String answer) {
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(stripFence(answer));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            return invalid("", "is not valid JSON: " + e.getOriginalMessage() + where);
        }
        List<Violation> violations = schema.validate(parsed, "");
        return violations.isEmpty() ? new Valid(parsed) : new Invalid(violations);
    }

    /**
     * Drops one surrounding Markdown code fence. Backends that ignore {@code response_format} (some
     * local servers do) often wrap otherwise valid JSON in one; failing those would waste a repair.
     */
    static String stripFence(String answer) {
        String s = answer.strip();
        if (!s.startsWith("```") || !s.endsWith("```") || s.length() < 6) {
            return s;
        }
        int firstLineEnd = s.indexOf('\n');
        if (firstLineEnd < 0) {
            return s;
        }
        return s.substring(firstLineEnd + 1, s.length() - 3).strip();
    }

    static Invalid invalid(String pointer, String message) {
        return new Invalid(List.of(new Violation(pointer, message)));
    }
}
