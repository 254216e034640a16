package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a product invocation ({@code input} and {@code options} of the invoke body) into a backend
 * request, or into the full list of reasons it cannot be one.
 *
 * <p>User data only ever reaches the user message: the system message is the product's system
 * template, which the catalog guarantees reads no input, so no input can change it.
 */
public final class ProductRequest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProductRequest() {
    }

    /**
     * Validates and renders one invocation.
     *
     * @param product the product invoked
     * @param input   the invoke body's {@code input}; {@code null} counts as absent
     * @param options the invoke body's {@code options} (sampling parameters); {@code null} or absent for none
     * @return {@link PreparedCall.Ready} with the backend body, or {@link PreparedCall.Rejected} with every
     *         violation (pointers into the invoke body: {@code /input/...}, {@code /options/...})
     */
    public static PreparedCall prepare(Product product, JsonNode input, JsonNode options) {
        Product.Manifest m = product.manifest();
        JsonNode data = input == null ? MissingNode.getInstance() : input;
        List<Violation> violations = new ArrayList<>();
        if (data.isMissingNode()) {
            violations.add(new Violation("/input", "is required"));
        } else {
            violations.addAll(m.inputSchema().validate(data, "/input"));
            // Checked before tokenising: counting tokens of megabytes is the cost the limit prevents.
            InputSize.checkCharacters(product, data, violations);
        }
        Map<String, Double> parameters = OptionsCheck.merge(product, options, violations);
        if (!violations.isEmpty()) {
            // Rendering input that breaks the schema could fail or mislead; report what we have.
            return new PreparedCall.Rejected(violations);
        }

        ObjectNode body = NODES.objectNode().put("model", m.model());
        String measured;
        if (m.outputKind() == OutputKind.EMBEDDING) {
            JsonNode texts = TemplateValues.lookup(data, m.embedField().orElseThrow());
            body.set("input", texts.deepCopy());
            measured = joinTexts(texts);
        } else {
            ArrayNode messages = body.putArray("messages");
            m.systemTemplate().ifPresent(t -> messages.addObject().put("role", "system").put("content", t.render(data)));
            measured = m.userTemplate().orElseThrow().render(data);
            messages.addObject().put("role", "user").put("content", measured);
        }
        int tokens = InputSize.checkTokens(product, measured, violations);
        if (!violations.isEmpty()) {
            return new PreparedCall.Rejected(violations);
        }

        parameters.forEach((name, value) -> {
            if (m.parameters().get(name).integer()) {
                body.put(name, value.longValue());
            } else {
                body.put(name, value);
            }
        });
        m.outputSchema().ifPresent(schema -> body.putObject("response_format")
                .put("type", "json_schema")
                .putObject("json_schema")
                .put("name", product.id())
                .put("strict", true)
                .set("schema", schema.node().deepCopy()));

        Double maxTokens = parameters.get("max_tokens");
        // Embeddings have no sampling: the same text always gives the same vector. A chat call that
        // sends no temperature samples at the backend's default, 1 in the OpenAI API.
        double temperature = m.outputKind() == OutputKind.EMBEDDING ? 0 : parameters.getOrDefault("temperature", 1.0);
        return new PreparedCall.Ready(product, body, tokens, maxTokens == null ? 0 : maxTokens.intValue(),
                m.cache().ttlFor(temperature));
    }

    private static String joinTexts(JsonNode texts) {
        if (!texts.isArray()) {
            return texts.asText();
        }
        StringBuilder out = new StringBuilder();
        texts.forEach(t -> out.append(t.asText()).append('\n'));
        return out.toString();
    }
}
