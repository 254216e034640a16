package ai.factory.gateway.products;

import ai.factory.products.Product;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The invoke answer: {@code {"id","object","product","model","output","usage"}}, with the gateway's headers kept. */
final class ProductResponses {

    private ProductResponses() {
    }

    static MutableHttpResponse<?> wrap(MutableHttpResponse<?> backend, String requestId, Product product, JsonNode answer,
            JsonNode output, JsonNode usage, ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        body.put("id", requestId);
        body.put("object", "product.invocation");
        body.put("product", product.id());
        body.put("version", product.version());
        body.put("model", answer.path("model").asText(product.model()));
        body.set("output", output);
        body.set("usage", usage);
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        MutableHttpResponse<byte[]> response = HttpResponse.ok(bytes);
        for (Map.Entry<String, List<String>> header : backend.getHeaders().asMap().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-") || name.equals("retry-after")) {
                header.getValue().forEach(value -> response.header(header.getKey(), value));
            }
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    static JsonNode sumUsage(JsonNode first, JsonNode second, ObjectMapper json) {
        ObjectNode sum = json.createObjectNode();
        for (String field : new String[] {"prompt_tokens", "completion_tokens", "total_tokens"}) {
            sum.put(field, first.path(field).asLong(0) + second.path(field).asLong(0));
        }
        return sum;
    }
}
