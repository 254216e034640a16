package ai.factory.products;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A bad manifest stops loading with a message that names the file and the field at fault. */
class BadManifestTest {

    @TempDir
    Path dir;

    @Test
    void the_unchanged_test_manifests_load() {
        assertDoesNotThrow(() -> TestProducts.load(dir, TestProducts.TEXT));
        assertDoesNotThrow(() -> TestProducts.load(Files.createTempDirectory(dir, "json"), TestProducts.JSON_PRODUCT));
    }

    static Stream<Arguments> cases() {
        String t = TestProducts.TEXT;
        String j = TestProducts.JSON_PRODUCT;
        return Stream.of(
                Arguments.of("broken YAML", TestProducts.replace(t, "languages: [en]", "languages: [en"),
                        null, "is not valid YAML at line"),
                Arguments.of("missing field", TestProducts.replace(t, "model: chat-default\n", ""),
                        "model", "is required"),
                Arguments.of("bound that is not a number", TestProducts.replace(t, "min: 0, max: 1}", "min: 0, max: high}"),
                        "parameters.temperature.max", "must be a number"),
                Arguments.of("default outside the bounds", TestProducts.replace(t, "{default: 0.2, min: 0, max: 1}", "{default: 1.5, min: 0, max: 1}"),
                        "parameters.temperature.default", "must be a number between 0 and 1 (got 1.5)"),
                Arguments.of("min above max", TestProducts.replace(t, "{default: 100, min: 1, max: 200}", "{default: 100, min: 300, max: 200}"),
                        "parameters.max_tokens.min", "must not be greater than max"),
                Arguments.of("bound the API refuses", TestProducts.replace(t, "{default: 0.2, min: 0, max: 1}", "{default: 0.2, min: 0, max: 3}"),
                        "parameters.temperature.max", "must be between 0 and 2"),
                Arguments.of("misspelt parameter", TestProducts.replace(t, "  temperature:", "  tempreature:"),
                        "parameters.tempreature", "is not a parameter of the chat-completions endpoint"),
                Arguments.of("chat product without max_tokens", TestProducts.replace(t, "  max_tokens: {default: 100, min: 1, max: 200}\n", ""),
                        "parameters.max_tokens", "is required"),
                Arguments.of("misspelt top-level field", TestProducts.replace(t, "streaming: true", "streamng: true"),
                        "streamng", "is not a known field here"),
                Arguments.of("template reading an unknown variable", TestProducts.replace(t, "{{text}}", "{{txt}}"),
                        "prompt.user", "references '{{txt}}', which is not a property of the input schema"),
                Arguments.of("template reading an unknown nested variable", TestProducts.replace(t, "{{author.name}}", "{{author.email}}"),
                        "prompt.user", "references '{{author.email}}'"),
                Arguments.of("system template reading input", TestProducts.replace(t, "system: You echo documents.", "system: You echo {{text}}."),
                        "prompt.system", "reads the input variable 'text'"),
                Arguments.of("template syntax error", TestProducts.replace(t, "{{text}}", "{{text | shout}}"),
                        "prompt.user", "has a template error at line 3: unknown filter 'shout'"),
                Arguments.of("template file that does not exist", TestProducts.replace(t, "  system: You echo documents.", "  system_file: system.txt"),
                        "prompt.system_file", "names 'system.txt', but"),
                Arguments.of("template file outside the folder", TestProducts.replace(t, "  system: You echo documents.", "  system_file: ../../etc/passwd"),
                        "prompt.system_file", "must be a plain file name in the product's folder"),
                Arguments.of("input schema that is not a schema", TestProducts.replace(t, "text: {type: string, minLength: 1}", "text: {type: strng, minLength: 1}"),
                        "input", "is not a valid JSON Schema"),
                Arguments.of("input schema fetching from the network", TestProducts.replace(t, "name: {type: string}", "name: {$ref: 'https://example.com/name.json'}"),
                        "input", "may only use local references"),
                Arguments.of("description split by a comma in a YAML flow mapping", TestProducts.replace(t,
                                "text: {type: string, minLength: 1}", "text: {type: string, minLength: 1, description: The text, in full.}"),
                        "input", "has a key with no value at /properties/text: 'in full.'"),
                Arguments.of("output description split by a comma", TestProducts.replace(j,
                                "echo: {type: string}", "echo: {type: string, description: What came in, unchanged.}"),
                        "output.schema", "has a key with no value at /properties/echo: 'unchanged.'"),
                Arguments.of("example input not matching the schema", TestProducts.replace(t, "input: {text: hello}", "input: {text: 42}"),
                        "examples[0].input", "is not a valid input: /input/text: integer found, string expected"),
                Arguments.of("example input over the limits", TestProducts.replace(t, "input: {text: hello}", "input: {text: " + "x".repeat(101) + "}"),
                        "examples[0].input", "accepts at most 100"),
                Arguments.of("text example without an output", TestProducts.replace(t, "    output: hello", "    output: ''"),
                        "examples[0].output", "must be a non-empty string"),
                Arguments.of("JSON example output not matching the output schema", TestProducts.replace(j, "output: {echo: hello}", "output: {echo: 7}"),
                        "examples[0].output", "does not match the output schema: /echo: integer found, string expected"),
                Arguments.of("output schema unfit for strict mode", TestProducts.replace(j, "required: [echo]", "required: []"),
                        "output.schema", "must list 'echo' in required"),
                Arguments.of("streaming a JSON product", TestProducts.replace(j, "streaming: false", "streaming: true"),
                        "streaming", "is only possible for text products"),
                Arguments.of("unknown output kind", TestProducts.replace(t, "kind: text", "kind: audio"),
                        "output.kind", "must be text, json or embedding"),
                Arguments.of("id that differs from the folder", TestProducts.replace(t, "id: tiny", "id: small"),
                        "id", "is 'small' but the product's folder is 'tiny'"),
                Arguments.of("adapter without its base", TestProducts.replace(t, "streaming: true", "streaming: true\nadapter: {name: tiny-lora}"),
                        "adapter.base", "is required"),
                Arguments.of("adapter named like its base", TestProducts.replace(t, "streaming: true", "streaming: true\nadapter: {name: llama-8b, base: llama-8b}"),
                        "adapter.name", "is the base model's name"),
                Arguments.of("adapter name with spaces", TestProducts.replace(t, "streaming: true", "streaming: true\nadapter: {name: tiny lora, base: llama-8b}"),
                        "adapter.name", "must be letters, digits"),
                Arguments.of("misspelt adapter field", TestProducts.replace(t, "streaming: true", "streaming: true\nadapter: {name: tiny-lora, base: llama-8b, rank: 16}"),
                        "adapter.rank", "is not a known field here"),
                Arguments.of("adapter that is not a mapping", TestProducts.replace(t, "streaming: true", "streaming: true\nadapter: tiny-lora"),
                        "adapter", "must be"),
                Arguments.of("no examples", t.substring(0, t.indexOf("examples:")) + "examples: []\n",
                        "examples", "must be a non-empty list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bad_manifest_fails_naming_file_and_field(String name, String manifest, String field, String problem) {
        ManifestException e = assertThrows(ManifestException.class, () -> TestProducts.load(dir, manifest));
        String file = dir.resolve("tiny").resolve("manifest.yaml").toString();
        assertEquals(file, e.file());
        assertEquals(field, e.field(), e.getMessage());
        String prefix = field == null ? file + ": " : file + ": field '" + field + "' ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
    }

    @Test
    void a_product_may_name_the_lora_adapter_it_is_served_as() {
        Product plain = TestProducts.load(dir, TestProducts.TEXT);
        assertTrue(plain.adapter().isEmpty());
        Product lora = TestProducts.load(dir.resolve("lora"), TestProducts.replace(TestProducts.TEXT, "streaming: true",
                "streaming: true\nadapter:\n  name: tiny-lora\n  base: meta-llama/Llama-3.1-8B-Instruct"));
        assertEquals(Optional.of(new LoraAdapter("tiny-lora", "meta-llama/Llama-3.1-8B-Instruct")), lora.adapter());
    }

    @Test
    void classpath_manifests_are_named_by_their_resource_path() {
        // The same reader serves the jar; its messages use the resource path the README documents.
        ManifestSource source = new ManifestSource() {
            @Override
            public List<String> ids() {
                return List.of("tiny");
            }

            @Override
            public String describe(String id, String file) {
                return "products/" + id + "/" + file;
            }

            @Override
            public Optional<String> read(String id, String file) {
                return Optional.of(TestProducts.replace(TestProducts.TEXT, "max: 1}", "max: lots}"));
            }
        };
        ManifestException e = assertThrows(ManifestException.class, () -> ProductCatalog.load(source));
        assertEquals("products/tiny/manifest.yaml: field 'parameters.temperature.max' must be a number", e.getMessage());
    }
}
