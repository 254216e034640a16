package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders every example of a product in a form meant for people: the exact system and user messages
 * as the backend receives them, plus the other request fields on one line. Golden files hold this,
 * so a prompt change shows up in review as a readable diff.
 */
final class GoldenPrompt {

    private GoldenPrompt() {
    }

    static String render(Product product) {
        StringBuilder out = new StringBuilder();
        List<Example> examples = product.examples();
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            PreparedCall call = ProductRequest.prepare(product, example.input(), null);
            if (!(call instanceof PreparedCall.Ready ready)) {
                throw new AssertionError(product.id() + " example " + (i + 1) + " rejected: " + call);
            }
            ObjectNode body = ready.body();
            out.append("=== ").append(product.id()).append(" · example ").append(i + 1).append(": ")
                    .append(example.name()).append(" ===\n");
            out.append("--- request ---\n").append(fields(body)).append('\n');
            out.append("input tokens: ").append(ready.inputTokens()).append('\n');
            if (body.has("messages")) {
                for (JsonNode message : body.get("messages")) {
                    out.append("--- ").append(message.get("role").asText()).append(" ---\n")
                            .append(message.get("content").asText()).append('\n');
                }
            } else {
                out.append("--- input ---\n").append(body.get("input").toPrettyString()).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Everything but the messages and embedded input, as name=value; the schema by name only. */
    private static String fields(ObjectNode body) {
        StringBuilder line = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equals("messages") || name.equals("input")) {
                continue;
            }
            String value = name.equals("response_format")
                    ? field.getValue().path("type").asText() + "(" + field.getValue().path("json_schema").path("name").asText()
                      + ", strict=" + field.getValue().path("json_schema").path("strict").asText() + ")"
                    : field.getValue().asText();
            line.append(line.length() == 0 ? "" : " ").append(name).append('=').append(value);
        }
        return line.toString();
    }
}
