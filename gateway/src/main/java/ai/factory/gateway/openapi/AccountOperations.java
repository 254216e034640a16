package ai.factory.gateway.openapi;

import static ai.factory.gateway.openapi.J.arr;
import static ai.factory.gateway.openapi.J.obj;
import static ai.factory.gateway.openapi.J.ref;
import static ai.factory.gateway.openapi.J.string;

import ai.factory.products.Product;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The tenant's own account: the product catalog, usage, limits, and this document. */
final class AccountOperations {

    static final String TAG = "Account";

    private AccountOperations() {
    }

    static void addTo(ObjectNode paths, ObjectNode schemas, List<Product> products) {
        schemas.set("ProductList", obj("type", "object", "properties", obj("object", obj("const", "list"),
                "data", obj("type", "array", "items", obj("type", "object", "properties", obj(
                        "id", obj("type", "string"), "name", obj("type", "string"),
                        "description", obj("type", "string"), "streaming", obj("type", "boolean"),
                        "input_schema", obj("type", "object"), "output_schema", obj("type", arr("object", "null"))))))));
        schemas.set("Limits", obj("type", "object", "properties", obj(
                "object", obj("const", "limits"), "tenant", obj("type", "string"), "tier", obj("type", "string"),
                "degraded", obj("type", "boolean", "description", "True when the counters could not be read."),
                "limits", obj("type", "array", "items", obj("type", "object", "properties", obj(
                        "scope", string("tenant, key:<id> or product:<id>."),
                        "name", obj("type", "string", "enum", arr("requests_per_minute", "tokens_per_minute",
                                "concurrent_requests", "daily_tokens", "monthly_tokens", "daily_cost_usd",
                                "monthly_cost_usd")),
                        "limit", obj("type", "number"), "used", obj("type", "number"), "remaining", obj("type", "number"),
                        "reset_seconds", obj("type", "number",
                                "description", "Until the bucket is full again, or the budget's period ends.")))))));
        schemas.set("UsageReport", obj("type", "object", "description", "Buckets of usage with totals; "
                + "Accept: text/csv answers the same rows as CSV.", "properties", obj(
                "granularity", obj("type", "string", "enum", arr("minute", "hour", "day")),
                "from", obj("type", "string", "format", "date-time"), "to", obj("type", "string", "format", "date-time"),
                "totals", obj("type", "object"), "data", obj("type", "array", "items", obj("type", "object")))));

        paths.set("/v1/products", obj("get", get("listProducts", "The products this tenant may use, with their schemas",
                "ProductList", "application/json", List.of())));
        List<String> ids = products.stream().map(Product::id).toList();
        ObjectNode detail = get("getProduct", "One product: schemas, options, limits, examples", null,
                "application/json", List.of());
        detail.set("parameters", arr(obj("name", "id", "in", "path", "required", true,
                "schema", ids.isEmpty() ? obj("type", "string") : obj("type", "string", "enum", ids))));
        detail.withObject("responses").set("403", ref("responses", "Forbidden"));
        detail.withObject("responses").set("404", ref("responses", "NotFound"));
        paths.set("/v1/products/{id}", obj("get", detail));
        ObjectNode usage = get("getUsage", "This tenant's usage and cost over time, JSON or CSV", "UsageReport",
                "application/json", List.of(
                        query("granularity", "minute, hour or day", arr("minute", "hour", "day")),
                        query("group_by", "Comma-separated: key, product, model, channel, end_user", null),
                        query("from", "ISO-8601 instant", null), query("to", "ISO-8601 instant", null)));
        usage.withObject("responses").withObject("200").withObject("content")
                .set("text/csv", obj("schema", obj("type", "string")));
        usage.withObject("responses").set("400", ref("responses", "BadRequest"));
        paths.set("/v1/usage", obj("get", usage));
        paths.set("/v1/limits", obj("get", get("getLimits", "This tenant's limits and what remains of them now",
                "Limits", "application/json", List.of())));
        paths.set("/v1/openapi.json", obj("get", get("getOpenApi", "This document, for this key's tenant", null,
                "application/json", List.of())));
    }

    private static ObjectNode get(String id, String summary, String schema, String type, List<ObjectNode> parameters) {
        ObjectNode responses = obj("200", obj("description", summary, "headers",
                obj("x-request-id", ref("headers", "x-request-id")),
                "content", obj(type, obj("schema", schema == null ? obj("type", "object") : ref(schema)))),
                "401", ref("responses", "Unauthorized"));
        ObjectNode op = obj("operationId", id, "tags", arr(TAG), "summary", summary, "responses", responses);
        if (!parameters.isEmpty()) {
            op.set("parameters", J.value(parameters));
        }
        return op;
    }

    private static ObjectNode query(String name, String description, Object values) {
        ObjectNode schema = obj("type", "string");
        if (values != null) {
            schema.set("enum", J.value(values));
        }
        return obj("name", name, "in", "query", "required", false, "description", description, "schema", schema);
    }
}
