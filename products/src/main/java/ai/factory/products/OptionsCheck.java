package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a caller's {@code options} against a product's parameter rules and merges them over the
 * defaults. Anything unknown or out of bounds is a violation: silently clamping or dropping a
 * setting would hand the caller a different answer than the one they asked for.
 */
final class OptionsCheck {

    private OptionsCheck() {
    }

    /**
     * The parameters to send, in manifest order: each default, replaced by the caller's value where
     * one is given. Problems are added to {@code violations}.
     */
    static Map<String, Double> merge(Product product, JsonNode options, List<Violation> violations) {
        Map<String, ParameterRule> rules = product.parameters();
        Map<String, Double> values = new LinkedHashMap<>();
        rules.forEach((name, rule) -> rule.defaultValue().ifPresent(d -> values.put(name, d)));
        if (options == null || options.isMissingNode() || options.isNull()) {
            return values;
        }
        if (!options.isObject()) {
            violations.add(new Violation("/options", "must be an object"));
            return values;
        }
        options.fields().forEachRemaining(field -> {
            String pointer = "/options/" + CompiledSchema.escape(field.getKey());
            ParameterRule rule = rules.get(field.getKey());
            JsonNode value = field.getValue();
            if (rule == null) {
                violations.add(new Violation(pointer, "is not an option of product '" + product.id() + "'"
                        + (rules.isEmpty() ? "; it takes none" : "; allowed: " + String.join(", ", rules.keySet()))));
            } else if (!value.isNumber()) {
                violations.add(new Violation(pointer, "must be " + rule.describeRange()));
            } else if (!rule.allows(value.doubleValue())) {
                violations.add(new Violation(pointer, "must be " + rule.describeRange()
                        + " for product '" + product.id() + "' (got " + value.asText() + ")"));
            } else {
                values.put(rule.name(), value.doubleValue());
            }
        });
        return values;
    }
}
