package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One product of the catalog: an immutable view of a checked manifest. Instances come only from
 * {@link ProductCatalog}, so every {@code Product} has passed every manifest check.
 *
 * <p>Besides what the manifest says, a product carries its compiled input and output schemas and
 * parsed templates; those stay package-private because callers go through {@link ProductRequest}
 * and {@link OutputCheck}.
 */
public final class Product {

    private final Manifest manifest;

    Product(Manifest manifest) {
        this.manifest = manifest;
    }

    public String id() {
        return manifest.id();
    }

    public String name() {
        return manifest.name();
    }

    public String version() {
        return manifest.version();
    }

    public String category() {
        return manifest.category();
    }

    public String description() {
        return manifest.description();
    }

    /** Languages the product is written and tested for, as BCP 47 tags ({@code en}, {@code vi}, {@code ja}). */
    public List<String> languages() {
        return manifest.languages();
    }

    /** The model alias the gateway routes the call to, e.g. {@code chat-default}. */
    public String model() {
        return manifest.model();
    }

    /** The LoRA adapter the product is served as, when it is one; the pool is then asked for its name. */
    public Optional<LoraAdapter> adapter() {
        return manifest.adapter();
    }

    /** The JSON Schema of the invoke body's {@code input} (a copy: safe to change or serialise). */
    public JsonNode inputSchema() {
        return manifest.inputSchema().node().deepCopy();
    }

    public OutputContract output() {
        return new OutputContract(manifest.outputKind(),
                manifest.outputSchema().map(CompiledSchema::node), manifest.embedField());
    }

    /** The parameters callers may set, by name, in manifest order. */
    public Map<String, ParameterRule> parameters() {
        return manifest.parameters();
    }

    public InputLimits limits() {
        return manifest.limits();
    }

    public CachePolicy cache() {
        return manifest.cache();
    }

    /** Whether the product may be invoked with {@code "stream": true}. */
    public boolean streaming() {
        return manifest.streaming();
    }

    public List<Example> examples() {
        return manifest.examples();
    }

    /** The manifest file this product was read from, for error messages and logs. */
    public String source() {
        return manifest.file();
    }

    Manifest manifest() {
        return manifest;
    }

    @Override
    public String toString() {
        return "Product[" + id() + " " + version() + " from " + source() + "]";
    }

    /** Everything a checked manifest holds, compiled. Package-private: the shape may change. */
    record Manifest(String file, String id, String name, String version, String category, String description,
                    List<String> languages, String model, boolean streaming,
                    CompiledSchema inputSchema, Optional<Template> systemTemplate, Optional<Template> userTemplate,
                    OutputKind outputKind, Optional<CompiledSchema> outputSchema, Optional<String> embedField,
                    Map<String, ParameterRule> parameters, InputLimits limits, CachePolicy cache,
                    List<Example> examples, Optional<LoraAdapter> adapter) {

        Manifest {
            languages = List.copyOf(languages);
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            examples = List.copyOf(examples);
        }
    }
}
