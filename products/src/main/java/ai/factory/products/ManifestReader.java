package ai.factory.products;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads and checks one product's {@code manifest.yaml} (see the module README for the format).
 * Everything that can be checked without calling a model is checked here, at start-up.
 */
final class ManifestReader {

    static final String MANIFEST = "manifest.yaml";

    // Ids appear in URLs and as the response_format schema name, which allows [a-zA-Z0-9_-]{1,64}.
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    private ManifestReader() {
    }

    static Product read(ManifestSource source, String id) {
        String file = source.describe(id, MANIFEST);
        String text = source.read(id, MANIFEST).orElseThrow(() -> new ManifestException(file, null, "does not exist"));
        ManifestSection f = ManifestSection.root(file, parse(file, text));

        String declared = f.text("id");
        if (!declared.equals(id)) {
            throw f.fail("id", "is '" + declared + "' but the product's folder is '" + id + "'");
        }
        if (!ID.matcher(id).matches()) {
            throw f.fail("id", "must be lower-case letters, digits and '-', at most 64 characters");
        }
        String version = f.text("version");
        if (!VERSION.matcher(version).matches()) {
            throw f.fail("version", "must look like 1.2.3");
        }
        CompiledSchema input = schema(f, "input");
        OutputReader.Output output = OutputReader.read(f, input.node());
        boolean chat = output.kind() != OutputKind.EMBEDDING;
        Optional<PromptReader.Prompt> prompt = Optional.empty();
        if (chat) {
            prompt = Optional.of(PromptReader.read(f, source, id, input.node()));
        } else if (f.raw("prompt") != null) {
            throw f.fail("prompt", "must be absent for embedding products: nothing is rendered");
        }
        Map<String, ParameterRule> parameters = ParameterReader.read(f, chat);
        ManifestSection limits = f.object("limits");
        InputLimits inputLimits = new InputLimits(
                (int) limits.wholeNumber("max_chars", 1), (int) limits.wholeNumber("max_tokens", 1));
        limits.rejectUnknown();
        CachePolicy cache = cache(f.object("cache"));
        List<Example> examples = examples(f);
        Optional<LoraAdapter> adapter = LoraAdapter.read(f);

        Product.Manifest manifest = new Product.Manifest(file, id, f.text("name"), version, f.text("category"),
                f.text("description"), f.texts("languages"), f.text("model"), f.bool("streaming", false),
                input, prompt.map(PromptReader.Prompt::system), prompt.map(PromptReader.Prompt::user),
                output.kind(), output.schema(), output.embedField(), parameters, inputLimits, cache, examples, adapter);
        f.rejectUnknown();
        if (manifest.streaming() && output.kind() != OutputKind.TEXT) {
            // A JSON answer is validated whole before it is returned; there is nothing to stream.
            throw f.fail("streaming", "is only possible for text products");
        }
        Product product = new Product(manifest);
        ExampleCheck.check(product);
        return product;
    }

    /** Reads a JSON Schema written inline as YAML; its root must describe an object. */
    static CompiledSchema schema(ManifestSection f, String key) {
        JsonNode node = f.required(key);
        if (!node.isObject() || !SchemaPaths.allowsType(node, "object")) {
            throw f.fail(key, "must be a JSON Schema with type: object at its root");
        }
        try {
            return CompiledSchema.compile(node);
        } catch (RuntimeException e) {
            throw f.fail(key, e.getMessage());
        }
    }

    private static JsonNode parse(String file, String text) {
        try {
            return Json.YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            // SnakeYAML's message interleaves what went wrong with indented excerpts; keep the former.
            String what = String.join("; ", e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                    .toList());
            throw new ManifestException(file, null, "is not valid YAML" + where + ": " + what);
        }
    }

    private static CachePolicy cache(ManifestSection f) {
        boolean cacheable = f.bool("cacheable", false);
        long ttl = cacheable ? f.wholeNumber("ttl_seconds", 1) : 0;
        CachePolicy policy = new CachePolicy(cacheable, ttl, f.bool("cache_when_sampling", false));
        f.rejectUnknown();
        return policy;
    }

    private static List<Example> examples(ManifestSection f) {
        List<Example> out = new ArrayList<>();
        for (ManifestSection e : f.objects("examples")) {
            out.add(new Example(e.text("name"), e.required("input"), e.required("output")));
            e.rejectUnknown();
        }
        return out;
    }
}
