package ai.factory.gateway.mcp;

import ai.factory.products.Product;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.MutableHttpResponse;
import java.io.IOException;

/**
 * The invoke pipeline's HTTP answer as an MCP tool result. A refusal by the tenant's limits is a
 * JSON-RPC error carrying the retry time (the client should wait, not show the model an error);
 * any other failure is a tool result with {@code isError}, so the model can read why and adapt.
 */
final class McpToolResults {

    private McpToolResults() {
    }

    static JsonNode of(Product product, MutableHttpResponse<?> response, boolean structured, ObjectMapper json) {
        JsonNode body = read(response, json);
        if (response.code() == 429) {
            String retryAfter = response.getHeaders().get("retry-after");
            ObjectNode data = json.createObjectNode();
            if (retryAfter != null && retryAfter.trim().matches("\\d{1,9}")) {
                data.put("retryAfterSeconds", Long.parseLong(retryAfter.trim()));
            }
            data.set("error", body.path("error"));
            throw new JsonRpc.Failure(JsonRpc.RATE_LIMITED, "rate limited: " + body.at("/error/message").asText("")
                    + (retryAfter == null ? "" : " (retry after " + retryAfter.trim() + " s)"), data);
        }
        ObjectNode result = json.createObjectNode();
        if (response.code() != 200) {
            result.putArray("content").addObject().put("type", "text")
                    .put("text", body.at("/error/message").asText("the product '" + product.id() + "' failed"));
            result.put("isError", true);
            return result;
        }
        JsonNode output = body.path("output");
        String text;
        try {
            text = output.isTextual() ? output.asText() : json.writeValueAsString(output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        result.putArray("content").addObject().put("type", "text").put("text", text);
        if (structured) {
            result.set("structuredContent", output);
        }
        result.put("isError", false);
        return result;
    }

    private static JsonNode read(MutableHttpResponse<?> response, ObjectMapper json) {
        Object body = response.body();
        try {
            return body instanceof byte[] bytes && bytes.length > 0 ? json.readTree(bytes) : json.createObjectNode();
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
