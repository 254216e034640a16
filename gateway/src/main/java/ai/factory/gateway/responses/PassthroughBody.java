package ai.factory.gateway.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The body a pool that speaks {@code /v1/responses} receives: the client's own, with the gateway's
 * conversation state resolved. The stored history and this input (kept as chat messages, see
 * {@link Conversations}) become the {@code input} items; {@code previous_response_id} is the
 * gateway's and never leaves it; {@code store: false} because the gateway keeps the state.
 */
final class PassthroughBody {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PassthroughBody() {
    }

    static ObjectNode of(ResponsesRequest request, List<JsonNode> history) {
        // Checked as the translation checks it (tools, formats): both kinds of pool accept the same requests.
        request.chat(history);
        ObjectNode body = request.body().deepCopy();
        body.remove("previous_response_id");
        body.put("store", false);
        ArrayNode input = NODES.arrayNode();
        history.forEach(message -> items(message, input));
        request.input().forEach(message -> items(message, input));
        body.set("input", input);
        return body;
    }

    /** One chat message as Responses input items: a message, function calls, or a call's output. */
    static void items(JsonNode message, ArrayNode out) {
        String role = message.path("role").asText();
        if (role.equals("tool")) {
            out.addObject().put("type", "function_call_output").put("call_id", message.path("tool_call_id").asText())
                    .put("output", message.path("content").asText(""));
            return;
        }
        JsonNode content = message.get("content");
        if (content != null && content.isTextual() && !(role.equals("assistant") && content.asText().isEmpty()
                && message.has("tool_calls"))) {
            out.addObject().put("type", "message").put("role", role).put("content", content.asText());
        } else if (content != null && content.isArray()) {
            ObjectNode item = out.addObject().put("type", "message").put("role", role);
            ArrayNode parts = item.putArray("content");
            String textType = role.equals("assistant") ? "output_text" : "input_text";
            for (JsonNode part : content) {
                if ("image_url".equals(part.path("type").asText())) {
                    parts.addObject().put("type", "input_image").put("image_url", part.at("/image_url/url").asText());
                } else {
                    parts.addObject().put("type", textType).put("text", part.path("text").asText(""));
                }
            }
        }
        for (JsonNode call : message.path("tool_calls")) {
            out.addObject().put("type", "function_call").put("call_id", call.path("id").asText())
                    .put("name", call.at("/function/name").asText()).put("arguments", call.at("/function/arguments").asText(""));
        }
    }
}
