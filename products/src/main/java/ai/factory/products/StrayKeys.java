package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Finds a key with no value where a JSON Schema keyword belongs. YAML splits an unquoted flow
 * mapping at every comma, so {@code {type: string, description: The idea, in a few words.}}
 * becomes a description cut at "The idea" plus a key "in a few words." with no value. The
 * meta-schema lets unknown keys pass (they are annotations), so without this the manifest loads
 * with a truncated description, the junk key goes to the model in the schema, and the validator
 * warns about it at every start.
 */
final class StrayKeys {

    /** Keywords whose value is one subschema. */
    private static final Set<String> ONE = Set.of("items", "additionalProperties", "unevaluatedProperties",
            "unevaluatedItems", "contains", "propertyNames", "not", "if", "then", "else", "contentSchema");
    /** Keywords whose value is an array of subschemas. */
    private static final Set<String> LIST = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    /** Keywords whose value maps names to subschemas. */
    private static final Set<String> MAP = Set.of("properties", "patternProperties", "$defs", "definitions",
            "dependentSchemas");

    private StrayKeys() {
    }

    /** A description of the first key with no value, as {@code pointer: 'key'}, or null if none. */
    static String first(JsonNode schema) {
        return walk(schema, "");
    }

    private static String walk(JsonNode schema, String pointer) {
        if (schema == null || !schema.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            String found = null;
            if (value.isNull()) {
                found = (pointer.isEmpty() ? "/" : pointer) + ": '" + key + "'";
            } else if (ONE.contains(key)) {
                found = walk(value, pointer + "/" + key);
            } else if (LIST.contains(key) && value.isArray()) {
                for (int i = 0; i < value.size() && found == null; i++) {
                    found = walk(value.get(i), pointer + "/" + key + "/" + i);
                }
            } else if (MAP.contains(key) && value.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> sub = value.fields(); sub.hasNext() && found == null; ) {
                    Map.Entry<String, JsonNode> entry = sub.next();
                    found = walk(entry.getValue(), pointer + "/" + key + "/" + entry.getKey());
                }
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
