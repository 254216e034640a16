package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Enforces {@link InputLimits}: characters over the raw input, tokens over what is actually sent. */
final class InputSize {

    private static final TokenCounter TOKENS = new TokenCounter();

    private InputSize() {
    }

    /** Adds a violation when the input's strings hold more characters than the product accepts. */
    static boolean checkCharacters(Product product, JsonNode input, List<Violation> violations) {
        long chars = characters(input);
        int max = product.limits().maxChars();
        if (chars > max) {
            violations.add(new Violation("/input", "has " + chars + " characters; product '" + product.id()
                    + "' accepts at most " + max));
            return false;
        }
        return true;
    }

    /**
     * Adds a violation when {@code measured} (the rendered user message, or the texts to embed) is
     * over the token limit.
     *
     * @return the cl100k token count of {@code measured}
     */
    static int checkTokens(Product product, String measured, List<Violation> violations) {
        int tokens = TOKENS.countExactly(measured);
        int max = product.limits().maxTokens();
        if (tokens > max) {
            violations.add(new Violation("/input", "is " + tokens + " tokens once rendered; product '"
                    + product.id() + "' accepts at most " + max));
        }
        return tokens;
    }

    /** Unicode code points summed over every string value, however deeply nested. */
    static long characters(JsonNode node) {
        if (node.isTextual()) {
            String s = node.textValue();
            return s.codePointCount(0, s.length());
        }
        long sum = 0;
        for (JsonNode child : node) {
            sum += characters(child);
        }
        return sum;
    }
}
