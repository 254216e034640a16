package ai.factory.gateway.products;

import ai.factory.products.ParameterRule;
import ai.factory.products.Product;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How the catalog shows a product to tenants: what it does and exactly what it takes and returns. */
final class ProductViews {

    private ProductViews() {
    }

    static Map<String, Object> summary(Product p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("object", "product");
        v.put("name", p.name());
        v.put("version", p.version());
        v.put("category", p.category());
        v.put("description", p.description());
        v.put("languages", p.languages());
        v.put("streaming", p.streaming());
        v.put("output_kind", p.output().kind().name().toLowerCase(Locale.ROOT));
        // The listing carries the contracts too, so a client can build its calls from one request.
        v.put("input_schema", p.inputSchema());
        v.put("output_schema", p.output().schema().orElse(null));
        return v;
    }

    static Map<String, Object> detail(Product p) {
        Map<String, Object> v = summary(p);
        v.put("model", p.model());
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, ParameterRule> e : p.parameters().entrySet()) {
            ParameterRule r = e.getValue();
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("default", r.defaultValue().isPresent() ? r.defaultValue().getAsDouble() : null);
            rule.put("min", r.min());
            rule.put("max", r.max());
            rule.put("integer", r.integer());
            params.put(e.getKey(), rule);
        }
        v.put("options", params);
        v.put("limits", Map.of("max_chars", p.limits().maxChars(), "max_tokens", p.limits().maxTokens()));
        v.put("examples", p.examples().stream().map(ex -> Map.of("name", ex.name(), "input", ex.input())).toList());
        return v;
    }
}
