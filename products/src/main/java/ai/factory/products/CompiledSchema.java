package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A JSON Schema (draft 2020-12) checked against its meta-schema and compiled once, at catalog
 * load. Validation reports every violation, each with a JSON pointer, because a caller fixing a
 * request wants the whole list, not one error per round trip.
 */
final class CompiledSchema {

    // English messages whatever the machine's locale, so 400 bodies and golden tests are stable.
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().locale(Locale.ENGLISH).build()));

    // The meta-schema ships inside the validator jar, so this needs no network.
    private static final Schema META = REGISTRY.getSchema(SchemaLocation.of(Dialects.getDraft202012().getId()));

    private static final Set<String> NAMES_A_PROPERTY = Set.of("required", "additionalProperties", "unevaluatedProperties");

    private final JsonNode node;
    private final Schema schema;

    private CompiledSchema(JsonNode node, Schema schema) {
        this.node = node;
        this.schema = schema;
    }

    /**
     * Compiles {@code node}.
     *
     * @throws IllegalArgumentException naming every meta-schema violation, e.g. a misspelt type
     */
    static CompiledSchema compile(JsonNode node) {
        List<Violation> problems = violations(META, node, "");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("is not a valid JSON Schema: " + join(problems));
        }
        String stray = StrayKeys.first(node);
        if (stray != null) {
            throw new IllegalArgumentException("has a key with no value at " + stray
                    + ": a comma inside an unquoted YAML flow value splits it ({description: a, b} reads as"
                    + " description 'a' and a key 'b'); quote the text");
        }
        String remote = remoteRef(node);
        if (remote != null) {
            throw new IllegalArgumentException("may only use local references ($ref: '#/...'), not '" + remote
                    + "': loading the catalog must not depend on the network");
        }
        JsonNode copy = node.deepCopy();
        Schema schema = REGISTRY.getSchema(copy);
        schema.initializeValidators(); // fail now on unresolvable $ref, not on the first request
        return new CompiledSchema(copy, schema);
    }

    /** The schema document itself. Shared: never hand it out without a copy. */
    JsonNode node() {
        return node;
    }

    /** Every violation of {@code instance}, with pointers prefixed by {@code pointerPrefix} (e.g. {@code /input}). */
    List<Violation> validate(JsonNode instance, String pointerPrefix) {
        return violations(schema, instance, pointerPrefix);
    }

    static String join(List<Violation> violations) {
        StringBuilder out = new StringBuilder();
        for (Violation v : violations) {
            out.append(out.length() == 0 ? "" : "; ").append(v);
        }
        return out.toString();
    }

    private static List<Violation> violations(Schema schema, JsonNode instance, String prefix) {
        List<Violation> out = new ArrayList<>();
        for (Error error : schema.validate(instance)) {
            String pointer = prefix + error.getInstanceLocation().toString();
            // A missing or unexpected property is reported at its parent; pointing at the property
            // itself tells the caller exactly which field to add or remove.
            if (NAMES_A_PROPERTY.contains(error.getKeyword()) && error.getProperty() != null) {
                pointer = pointer + "/" + escape(error.getProperty());
            }
            out.add(new Violation(pointer, error.getMessage()));
        }
        return out;
    }

    /** The first {@code $ref} that leaves the document, or {@code null}. */
    private static String remoteRef(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual() && !ref.textValue().startsWith("#")) {
            return ref.textValue();
        }
        for (JsonNode child : node) {
            String found = remoteRef(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** RFC 6901 escaping of one reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
