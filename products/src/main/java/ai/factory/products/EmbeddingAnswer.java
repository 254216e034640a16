package ai.factory.products;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads the vectors out of an OpenAI embeddings response body, in the order of the inputs. */
final class EmbeddingAnswer {

    private EmbeddingAnswer() {
    }

    static OutputCheck.Result vectors(String body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return OutputCheck.invalid("", "is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode data = root.path("data");
        if (!data.isArray() || data.isEmpty()) {
            return OutputCheck.invalid("/data", "must be a non-empty array of embeddings");
        }
        List<Violation> violations = new ArrayList<>();
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode vector = data.get(i).path("embedding");
            if (!vector.isArray() || vector.isEmpty() || !allNumbers(vector)) {
                violations.add(new Violation("/data/" + i + "/embedding", "must be a non-empty array of numbers"));
            }
            items.add(data.get(i));
        }
        if (!violations.isEmpty()) {
            return new OutputCheck.Invalid(violations);
        }
        // Servers may answer out of order; "index" says which input each vector belongs to.
        items.sort(Comparator.comparingInt(item -> item.path("index").asInt(0)));
        ArrayNode out = OutputCheck.NODES.arrayNode();
        items.forEach(item -> out.add(item.get("embedding")));
        return new OutputCheck.Valid(out);
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
