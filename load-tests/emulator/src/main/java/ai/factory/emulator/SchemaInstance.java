package ai.factory.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;

/**
 * Builds a small JSON instance that validates against a JSON schema, for {@code
 * response_format: json_schema}. It covers what structured-output clients actually send
 * (Pydantic, LangChain4j, the OpenAI SDKs): objects with required properties, scalars with
 * their bounds, arrays, enum/const, anyOf/oneOf/allOf and local {@code $ref}s. It is not a
 * validator: unsupported keywords (pattern, multipleOf, ...) are ignored.
 */
final class SchemaInstance {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Deep enough for real schemas, shallow enough to stop a recursive $ref. */
    private static final int MAX_DEPTH = 16;

    private final JsonNode root;
    private final SplittableRandom random;

    private SchemaInstance(JsonNode root, long hash) {
        this.root = root;
        this.random = new SplittableRandom(hash);
    }

    /** A deterministic instance of {@code schema}; {@code hash} picks the words of strings. */
    static JsonNode of(JsonNode schema, long hash) {
        return new SchemaInstance(schema, hash).instance(schema, 0);
    }

    /** The answer for {@code json_object} mode: a small object of generated words. */
    static ObjectNode anyObject(long hash) {
        SplittableRandom random = new SplittableRandom(hash);
        ObjectNode object = NODES.objectNode();
        object.put("answer", Generator.word(random) + " " + Generator.word(random) + " " + Generator.word(random));
        object.put("confidence", 0.5 + random.nextInt(50) / 100.0);
        return object;
    }

    private JsonNode instance(JsonNode schema, int depth) {
        if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
            return NODES.nullNode();
        }
        if (schema.has("$ref")) {
            return instance(resolve(schema.get("$ref").asText()), depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) {
            return enumValues.get(0);
        }
        for (String choice : new String[] {"anyOf", "oneOf"}) {
            JsonNode options = schema.get(choice);
            if (options != null && options.isArray() && !options.isEmpty()) {
                return instance(firstNonNull(options), depth + 1);
            }
        }
        if (schema.has("allOf")) {
            return allOf(schema.get("allOf"), depth);
        }
        switch (typeOf(schema)) {
            case "object": return object(schema, depth);
            case "array": return array(schema, depth);
            case "string": return NODES.textNode(string(schema));
            case "integer": return NODES.numberNode((long) number(schema, true));
            case "number": return NODES.numberNode(number(schema, false));
            case "boolean": return NODES.booleanNode(true);
            default: return NODES.nullNode();
        }
    }

    /** The declared type; a list such as ["string","null"] takes its first non-null entry. */
    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (schema.has("properties")) {
            return "object";
        }
        return schema.has("items") ? "array" : "null";
    }

    /** The first option that is not {"type":"null"}, so Optional fields get a real value. */
    private static JsonNode firstNonNull(JsonNode options) {
        for (JsonNode option : options) {
            if (!"null".equals(option.path("type").asText())) {
                return option;
            }
        }
        return options.get(0);
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            String name = required.asText();
            object.set(name, instance(properties.get(name), depth + 1));
        }
        return object;
    }

    private ArrayNode array(JsonNode schema, int depth) {
        ArrayNode array = NODES.arrayNode();
        int count = Math.max(schema.path("minItems").asInt(0), 1);
        if (schema.has("maxItems")) {
            count = Math.min(count, schema.get("maxItems").asInt());
        }
        for (int i = 0; i < count; i++) {
            array.add(instance(schema.get("items"), depth + 1));
        }
        return array;
    }

    /** allOf: the object parts are merged; otherwise the first part decides. */
    private JsonNode allOf(JsonNode parts, int depth) {
        ObjectNode merged = null;
        for (JsonNode part : parts) {
            JsonNode value = instance(part, depth + 1);
            if (!value.isObject()) {
                return value;
            }
            if (merged == null) {
                merged = NODES.objectNode();
            }
            merged.setAll((ObjectNode) value);
        }
        return merged == null ? NODES.nullNode() : merged;
    }

    private String string(JsonNode schema) {
        String value;
        switch (schema.path("format").asText("")) {
            case "date": value = "2024-01-01"; break;
            case "date-time": value = "2024-01-01T00:00:00Z"; break;
            case "time": value = "00:00:00"; break;
            case "email": value = "user@example.com"; break;
            case "uri": case "url": value = "https://example.com"; break;
            case "uuid": value = "00000000-0000-4000-8000-000000000000"; break;
            default: value = Generator.word(random);
        }
        StringBuilder text = new StringBuilder(value);
        int minLength = schema.path("minLength").asInt(0);
        while (text.length() < minLength) {
            text.append('x');
        }
        if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
            text.setLength(Math.max(schema.get("maxLength").asInt(), minLength));
        }
        return text.toString();
    }

    /** The lowest allowed value, or 1 when unbounded: small and positive reads like an answer. */
    private static double number(JsonNode schema, boolean integer) {
        double step = integer ? 1 : 0.5;
        Double low = null;
        if (schema.has("minimum")) {
            low = schema.get("minimum").asDouble();
        }
        if (schema.path("exclusiveMinimum").isNumber()) {
            low = schema.get("exclusiveMinimum").asDouble() + step;
        }
        Double high = null;
        if (schema.has("maximum")) {
            high = schema.get("maximum").asDouble();
        }
        if (schema.path("exclusiveMaximum").isNumber()) {
            high = schema.get("exclusiveMaximum").asDouble() - step;
        }
        if (low != null) {
            return integer ? Math.ceil(low) : low;
        }
        if (high != null && high < 1) {
            return integer ? Math.floor(high) : high;
        }
        return 1;
    }

    /** Local references only ("#/$defs/Name", "#/definitions/Name"); others resolve to null. */
    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            return null;
        }
        JsonNode node = root;
        for (String segment : ref.substring(1).split("/")) {
            if (!segment.isEmpty()) {
                node = node.path(segment.replace("~1", "/").replace("~0", "~"));
            }
        }
        return node.isMissingNode() ? null : node;
    }
}
