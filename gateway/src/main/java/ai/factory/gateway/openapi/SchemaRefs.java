package ai.factory.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A manifest's schema is its own JSON document: its local {@code $ref: '#/$defs/x'} means "from
 * my root". Placed under {@code components.schemas.<name>} of the OpenAPI document, the same ref
 * would point at the document's root; re-rooting keeps it pointing where the author meant.
 */
final class SchemaRefs {

    private SchemaRefs() {
    }

    /** A copy of {@code schema} with every local ref moved under {@code #/components/schemas/<name>}. */
    static JsonNode rehome(JsonNode schema, String name) {
        JsonNode copy = schema.deepCopy();
        walk(copy, "#/components/schemas/" + name);
        return copy;
    }

    private static void walk(JsonNode node, String root) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.textValue().startsWith("#")) {
                object.put("$ref", root + ref.textValue().substring(1));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                walk(it.next().getValue(), root);
            }
        } else if (node != null && node.isArray()) {
            node.forEach(child -> walk(child, root));
        }
    }
}
