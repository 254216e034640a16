package ai.factory.gateway.openapi;

import static ai.factory.gateway.openapi.J.arr;
import static ai.factory.gateway.openapi.J.obj;
import static ai.factory.gateway.openapi.J.ref;
import static ai.factory.gateway.openapi.J.string;

import ai.factory.products.Example;
import ai.factory.products.OutputKind;
import ai.factory.products.ParameterRule;
import ai.factory.products.Product;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One invoke operation per product the tenant may use: its manifest's input schema is the
 * request's {@code input}, its output contract the response's {@code output}, its examples the
 * examples of both.
 */
final class ProductOperations {

    static final String TAG = "Products";

    private ProductOperations() {
    }

    /** Schema names, shared with the test that checks every example against its own schema. */
    static String inputSchema(String product) {
        return "product." + product + ".input";
    }

    static String outputSchema(String product) {
        return "product." + product + ".output";
    }

    static String invocationSchema(String product) {
        return "product." + product + ".invocation";
    }

    static String resultSchema(String product) {
        return "product." + product + ".result";
    }

    static void addTo(ObjectNode paths, ObjectNode schemas, List<Product> products) {
        for (Product p : products) {
            schemas.set(inputSchema(p.id()), SchemaRefs.rehome(p.inputSchema(), inputSchema(p.id())));
            schemas.set(outputSchema(p.id()), output(p));
            schemas.set(invocationSchema(p.id()), invocation(p));
            schemas.set(resultSchema(p.id()), obj("type", "object",
                    "required", arr("id", "object", "product", "version", "model", "output"),
                    "properties", obj("id", string("The request id."), "object", obj("const", "product.invocation"),
                            "product", obj("const", p.id()), "version", obj("type", "string"),
                            "model", string("The model that answered."), "output", ref(outputSchema(p.id())),
                            "usage", ref("Usage"))));
            paths.set("/v1/products/" + p.id() + "/invoke", obj("post", operation(p)));
        }
    }

    private static ObjectNode operation(Product p) {
        ObjectNode requestExamples = obj();
        ObjectNode responseExamples = obj();
        List<Example> examples = p.examples();
        for (int i = 0; i < examples.size(); i++) {
            Example ex = examples.get(i);
            String key = "example" + (i + 1);
            requestExamples.set(key, obj("summary", ex.name(), "value", obj("input", ex.input())));
            responseExamples.set(key, obj("summary", ex.name(), "value", obj("id", "req_example" + (i + 1),
                    "object", "product.invocation", "product", p.id(), "version", p.version(), "model", p.model(),
                    "output", ex.output(),
                    "usage", obj("prompt_tokens", 0, "completion_tokens", 0, "total_tokens", 0))));
        }
        ObjectNode content = obj("application/json", obj("schema", ref(resultSchema(p.id())),
                "examples", responseExamples));
        if (p.streaming()) {
            content.set(CommonParts.SSE, CommonParts.eventStream());
        }
        ObjectNode responses = obj("200", obj("description", p.streaming()
                        ? "The product's answer; with \"stream\": true, chat-completion chunks as the model writes."
                        : "The product's answer, checked against its output contract.",
                "headers", CommonParts.successHeaders(), "content", content));
        CommonParts.errors(responses);
        return obj("operationId", "invoke_" + p.id().replace('-', '_'), "tags", arr(TAG),
                "summary", p.name(), "description", p.description() + "\n\nLanguages: " + String.join(", ", p.languages())
                        + ". Input up to " + p.limits().maxChars() + " characters.",
                "requestBody", obj("required", true, "content", obj("application/json",
                        obj("schema", ref(invocationSchema(p.id())), "examples", requestExamples))),
                "responses", responses);
    }

    private static ObjectNode invocation(Product p) {
        ObjectNode options = obj();
        for (Map.Entry<String, ParameterRule> e : p.parameters().entrySet()) {
            ParameterRule r = e.getValue();
            ObjectNode option = obj("type", r.integer() ? "integer" : "number", "minimum", number(r, r.min()),
                    "maximum", number(r, r.max()));
            if (r.defaultValue().isPresent()) {
                option.set("default", J.value(number(r, r.defaultValue().getAsDouble())));
            }
            options.set(e.getKey(), option);
        }
        ObjectNode properties = obj("input", ref(inputSchema(p.id())),
                "options", obj("type", "object", "properties", options, "additionalProperties", false,
                        "description", "Model parameters within the product's bounds (never clamped: outside is a 400)."));
        properties.set("stream", p.streaming()
                ? obj("type", "boolean", "description", "Answer as server-sent events (text/event-stream).")
                : obj("const", false, "description", "This product does not stream."));
        return obj("type", "object", "required", arr("input"), "properties", properties);
    }

    private static Object number(ParameterRule rule, double value) {
        return rule.integer() ? (Object) Long.valueOf((long) value) : (Object) Double.valueOf(value);
    }

    private static JsonNode output(Product p) {
        if (p.output().kind() == OutputKind.JSON) {
            return SchemaRefs.rehome(p.output().schema().orElseThrow(), outputSchema(p.id()));
        }
        if (p.output().kind() == OutputKind.EMBEDDING) {
            return obj("type", "array", "description", "One vector per input text.",
                    "items", obj("type", "array", "items", obj("type", "number")));
        }
        return obj("type", "string", "minLength", 1, "description", "The answer as text.");
    }
}
