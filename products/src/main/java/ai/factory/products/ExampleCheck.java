package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Proves each manifest example: its input is accepted and renders within the limits, and its output
 * honours the contract. Examples feed the docs and the tests, so a wrong one would teach callers
 * something false.
 */
final class ExampleCheck {

    private ExampleCheck() {
    }

    static void check(Product product) {
        List<Example> examples = product.examples();
        for (int i = 0; i < examples.size(); i++) {
            String at = "examples[" + i + "]";
            Example example = examples.get(i);
            PreparedCall call = ProductRequest.prepare(product, example.input(), null);
            if (call instanceof PreparedCall.Rejected rejected) {
                throw new ManifestException(product.source(), at + ".input",
                        "is not a valid input: " + CompiledSchema.join(rejected.violations()));
            }
            String problem = outputProblem(product, example);
            if (problem != null) {
                throw new ManifestException(product.source(), at + ".output", problem);
            }
        }
    }

    private static String outputProblem(Product product, Example example) {
        JsonNode output = example.output();
        Product.Manifest m = product.manifest();
        switch (m.outputKind()) {
            case TEXT:
                return output.isTextual() && !output.textValue().isBlank() ? null : "must be a non-empty string";
            case JSON:
                List<Violation> violations = m.outputSchema().orElseThrow().validate(output, "");
                return violations.isEmpty() ? null : "does not match the output schema: " + CompiledSchema.join(violations);
            default:
                JsonNode texts = TemplateValues.lookup(example.input(), m.embedField().orElseThrow());
                int expected = texts.isArray() ? texts.size() : 1;
                if (!output.isArray() || output.size() != expected) {
                    return "must be a list of " + expected + " vector(s), one per input text";
                }
                for (JsonNode vector : output) {
                    if (!vector.isArray() || vector.isEmpty() || !allNumbers(vector)) {
                        return "must be a list of vectors, each a non-empty list of numbers";
                    }
                }
                return null;
        }
    }

    private static boolean allNumbers(JsonNode vector) {
        for (JsonNode x : vector) {
            if (!x.isNumber()) {
                return false;
            }
        }
        return true;
    }
}
