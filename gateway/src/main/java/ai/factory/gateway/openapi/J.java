package ai.factory.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/** A terse way to write the document's JSON in code: {@code obj("type", "string", "enum", list)}. */
final class J {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private J() {
    }

    static ObjectNode obj(Object... keysAndValues) {
        ObjectNode node = F.objectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], value(keysAndValues[i + 1]));
        }
        return node;
    }

    static ArrayNode arr(Object... values) {
        ArrayNode node = F.arrayNode();
        for (Object v : values) {
            node.add(value(v));
        }
        return node;
    }

    /** A reference to a schema of {@code components.schemas}. */
    static ObjectNode ref(String schema) {
        return obj("$ref", "#/components/schemas/" + schema);
    }

    static ObjectNode ref(String section, String name) {
        return obj("$ref", "#/components/" + section + "/" + name);
    }

    static ObjectNode string(String description) {
        return obj("type", "string", "description", description);
    }

    static ObjectNode integer(String description) {
        return obj("type", "integer", "description", description);
    }

    static JsonNode value(Object v) {
        if (v == null) {
            return F.nullNode();
        }
        if (v instanceof JsonNode node) {
            return node;
        }
        if (v instanceof String s) {
            return F.textNode(s);
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof Integer n) {
            return F.numberNode(n);
        }
        if (v instanceof Long n) {
            return F.numberNode(n);
        }
        if (v instanceof Double n) {
            return F.numberNode(n);
        }
        if (v instanceof Collection<?> c) {
            return arr(c.toArray());
        }
        throw new IllegalArgumentException("not a JSON value: " + v.getClass());
    }
}
