package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/** Reads the {@code output} section: the contract's kind and, by kind, its schema or embedded field. */
final class OutputReader {

    record Output(OutputKind kind, Optional<CompiledSchema> schema, Optional<String> embedField) {
    }

    private OutputReader() {
    }

    static Output read(ManifestSection manifest, JsonNode inputSchema) {
        ManifestSection f = manifest.object("output");
        String kindName = f.text("kind");
        OutputKind kind;
        try {
            kind = OutputKind.valueOf(kindName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw f.fail("kind", "must be text, json or embedding (got '" + kindName + "')");
        }
        Output output = switch (kind) {
            case TEXT -> new Output(kind, Optional.empty(), Optional.empty());
            case JSON -> new Output(kind, Optional.of(jsonSchema(f)), Optional.empty());
            case EMBEDDING -> new Output(kind, Optional.empty(), Optional.of(embedField(f, inputSchema)));
        };
        f.rejectUnknown();
        return output;
    }

    private static CompiledSchema jsonSchema(ManifestSection f) {
        CompiledSchema schema = ManifestReader.schema(f, "schema");
        StrictSchema.firstProblem(schema.node()).ifPresent(problem -> {
            throw f.fail("schema", "is not usable with strict structured outputs: " + problem);
        });
        return schema;
    }

    private static String embedField(ManifestSection f, JsonNode inputSchema) {
        String field = f.text("input_field");
        JsonNode schema = SchemaPaths.resolve(inputSchema, field);
        if (schema.isMissingNode() || !(SchemaPaths.allowsType(schema, "string") || SchemaPaths.allowsType(schema, "array"))) {
            throw f.fail("input_field", "must name a string or array-of-strings property of the input schema (got '"
                    + field + "')");
        }
        return field;
    }
}
