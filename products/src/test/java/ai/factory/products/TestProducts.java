package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small manifests written to a temporary folder, to test the loader and the request path in isolation. */
final class TestProducts {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A valid text product with tight limits. Each test changes one thing with {@link #replace}. */
    static final String TEXT = """
            id: tiny
            name: Tiny
            version: 1.0.0
            category: test
            description: A minimal product for tests.
            languages: [en]
            model: chat-default
            streaming: true
            input:
              type: object
              additionalProperties: false
              required: [text]
              properties:
                text: {type: string, minLength: 1}
                author:
                  type: object
                  properties:
                    name: {type: string}
            prompt:
              system: You echo documents.
              user: "Echo this for {{author.name}}:\\n<document>\\n{{text}}\\n</document>"
            output:
              kind: text
            parameters:
              temperature: {default: 0.2, min: 0, max: 1}
              max_tokens: {default: 100, min: 1, max: 200}
            limits:
              max_chars: 100
              max_tokens: 40
            cache:
              cacheable: false
            examples:
              - name: one
                input: {text: hello}
                output: hello
            """;

    /** A valid JSON product. */
    static final String JSON_PRODUCT = TEXT
            .replace("streaming: true", "streaming: false")
            .replace("""
                    output:
                      kind: text
                    """, """
                    output:
                      kind: json
                      schema:
                        type: object
                        additionalProperties: false
                        required: [echo]
                        properties:
                          echo: {type: string}
                    """)
            .replace("    output: hello", "    output: {echo: hello}");

    private TestProducts() {
    }

    /** {@code text} with {@code from} replaced; fails when {@code from} is absent, so a case cannot silently test nothing. */
    static String replace(String text, String from, String to) {
        if (!text.contains(from)) {
            throw new IllegalArgumentException("test manifest has no '" + from + "'");
        }
        return text.replace(from, to);
    }

    /** Writes {@code manifest} as {@code <dir>/tiny/manifest.yaml} and returns the folder to load. */
    static Path write(Path dir, String manifest) {
        try {
            Path product = Files.createDirectories(dir.resolve("tiny"));
            Files.writeString(product.resolve("manifest.yaml"), manifest);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Product load(Path dir, String manifest) {
        return ProductCatalog.load(write(dir, manifest)).find("tiny").orElseThrow();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
