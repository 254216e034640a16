package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Finds the sub-schema a template path names, so the catalog can refuse a template that reads a
 * variable the input can never hold: a typo like {@code {{txt}}} would otherwise render as an
 * empty slot and the model would answer about nothing.
 */
final class SchemaPaths {

    private SchemaPaths() {
    }

    /**
     * The schema of the value at dotted {@code path}, following {@code properties} one step at a time;
     * {@link MissingNode} when some step is not declared.
     */
    static JsonNode resolve(JsonNode schema, String path) {
        JsonNode node = schema;
        for (String step : path.split("\\.")) {
            node = node.path("properties").path(step);
            if (node.isMissingNode()) {
                return node;
            }
        }
        return node;
    }

    /** Whether the schema says the value is of {@code type} (alone or in a union such as ["string","null"]). */
    static boolean allowsType(JsonNode schema, String type) {
        JsonNode declared = schema.path("type");
        if (declared.isTextual()) {
            return declared.textValue().equals(type);
        }
        for (JsonNode t : declared) {
            if (t.asText().equals(type)) {
                return true;
            }
        }
        return false;
    }
}
