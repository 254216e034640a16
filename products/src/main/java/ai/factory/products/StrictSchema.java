package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an output schema can be sent with {@code "strict": true}. Strict structured outputs (OpenAI,
 * and backends that copy it) need every object to list all its properties in {@code required} and to
 * forbid additional ones; an optional field is written as a union with {@code null}. A schema that
 * breaks this would work on a local backend and fail on the external fallback, the worst moment.
 */
final class StrictSchema {

    private StrictSchema() {
    }

    /** The first problem found, as {@code path: problem}, or empty when the schema is strict-ready. */
    static Optional<String> firstProblem(JsonNode schema) {
        return walk(schema, "");
    }

    private static Optional<String> walk(JsonNode node, String at) {
        if (!node.isObject()) {
            return Optional.empty();
        }
        if (SchemaPaths.allowsType(node, "object") || node.has("properties")) {
            JsonNode properties = node.path("properties");
            if (!node.path("additionalProperties").isBoolean() || node.path("additionalProperties").booleanValue()) {
                return Optional.of(where(at) + "must set additionalProperties: false");
            }
            Set<String> required = new HashSet<>();
            node.path("required").forEach(r -> required.add(r.asText()));
            for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!required.contains(name)) {
                    return Optional.of(where(at) + "must list '" + name
                            + "' in required (make it optional with a null type instead)");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                Optional<String> problem = walk(p.getValue(), at + ".properties." + p.getKey());
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        if (node.has("items")) {
            return walk(node.get("items"), at + ".items");
        }
        return Optional.empty();
    }

    private static String where(String at) {
        return at.isEmpty() ? "" : at.substring(1) + ": ";
    }
}
