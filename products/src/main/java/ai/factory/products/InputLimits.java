package ai.factory.products;

/**
 * How much input a product accepts. Both limits guard the backend's context window and the
 * tenant's budget before a token is spent.
 *
 * @param maxChars  the most characters (Unicode code points) summed over every string in the input
 * @param maxTokens the most cl100k_base tokens in the rendered user message (for embeddings: in the
 *                  embedded texts). cl100k is not every model's tokenizer, but it is a stable,
 *                  model-independent yardstick that callers can reproduce.
 */
public record InputLimits(int maxChars, int maxTokens) {
}
