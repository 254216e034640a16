package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A worked example from a manifest: an input and a valid output. The catalog checks both at load
 * time, the tests render every example against a golden file, and the README's curl commands come
 * from the first example of each product.
 *
 * @param name   a short label
 * @param input  a valid {@code input} for the invoke call (a copy)
 * @param output a valid answer: a string for text products, an object for JSON products, an array
 *               of vectors for embeddings (a copy)
 */
public record Example(String name, JsonNode input, JsonNode output) {

    @Override
    public JsonNode input() {
        return input.deepCopy();
    }

    @Override
    public JsonNode output() {
        return output.deepCopy();
    }
}
