package ai.factory.gateway.responses;

import ai.factory.gateway.error.GatewayError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Responses API items and tools to chat messages and chat tools. */
final class ResponseItems {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResponseItems() {
    }

    /** {@code input}: a string (one user message) or a list of items. */
    static List<JsonNode> messages(JsonNode input) {
        if (input == null || input.isNull()) {
            throw GatewayError.invalidRequest("input", "'input' is required: a string or a list of input items");
        }
        List<JsonNode> messages = new ArrayList<>();
        if (input.isTextual()) {
            messages.add(NODES.objectNode().put("role", "user").put("content", input.asText()));
            return messages;
        }
        if (!input.isArray() || input.isEmpty()) {
            throw GatewayError.invalidRequest("input", "'input' must be a string or a non-empty list of input items");
        }
        ObjectNode pendingCalls = null;
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String where = "input[" + i + "]";
            if (!item.isObject()) {
                throw GatewayError.invalidRequest(where, "'" + where + "' must be an object");
            }
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            switch (type) {
                case "message" -> {
                    pendingCalls = null;
                    messages.add(message(item, where));
                }
                case "function_call" -> {
                    // Consecutive calls are one assistant turn with several tool calls, as chat has them.
                    if (pendingCalls == null) {
                        pendingCalls = NODES.objectNode().put("role", "assistant");
                        pendingCalls.putNull("content");
                        pendingCalls.putArray("tool_calls");
                        messages.add(pendingCalls);
                    }
                    ObjectNode call = ((ArrayNode) pendingCalls.get("tool_calls")).addObject();
                    call.put("id", required(item, "call_id", where));
                    call.put("type", "function");
                    call.putObject("function").put("name", required(item, "name", where))
                            .put("arguments", required(item, "arguments", where));
                }
                case "function_call_output" -> {
                    pendingCalls = null;
                    JsonNode output = item.get("output");
                    if (output == null || output.isNull()) {
                        throw GatewayError.invalidRequest(where + ".output", "'" + where + ".output' is required");
                    }
                    messages.add(NODES.objectNode().put("role", "tool")
                            .put("tool_call_id", required(item, "call_id", where))
                            .put("content", output.isTextual() ? output.asText() : output.toString()));
                }
                default -> throw GatewayError.invalidRequest(where + ".type", "input items of type '" + type
                        + "' are not supported: use message, function_call or function_call_output");
            }
        }
        return messages;
    }

    private static ObjectNode message(JsonNode item, String where) {
        String role = item.path("role").asText("");
        if (!List.of("user", "assistant", "system", "developer").contains(role)) {
            throw GatewayError.invalidRequest(where + ".role", "'" + where + ".role' must be user, assistant, system or developer");
        }
        // Model servers' chat templates know "system"; "developer" is OpenAI's newer name for it.
        ObjectNode message = NODES.objectNode().put("role", role.equals("developer") ? "system" : role);
        JsonNode content = item.get("content");
        if (content != null && content.isTextual()) {
            return message.put("content", content.asText());
        }
        if (content == null || !content.isArray()) {
            throw GatewayError.invalidRequest(where + ".content", "'" + where + ".content' must be a string or a list of content parts");
        }
        ArrayNode parts = message.putArray("content");
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String type = part.path("type").asText("");
            switch (type) {
                case "input_text", "output_text" -> parts.addObject().put("type", "text").put("text", part.path("text").asText(""));
                case "input_image" -> {
                    if (!part.path("image_url").isTextual()) {
                        throw GatewayError.invalidRequest(where + ".content[" + p + "].image_url",
                                "an input_image part needs image_url (file_id is not supported)");
                    }
                    parts.addObject().put("type", "image_url").putObject("image_url")
                            .put("url", part.get("image_url").asText());
                }
                default -> throw GatewayError.invalidRequest(where + ".content[" + p + "].type",
                        "content parts of type '" + type + "' are not supported: use input_text, output_text or input_image");
            }
        }
        return message;
    }

    /** Function tools only: the built-in tools (web search, file search, ...) run at OpenAI, not on our pools. */
    static ArrayNode tools(JsonNode tools) {
        if (!tools.isArray()) {
            throw GatewayError.invalidRequest("tools", "'tools' must be a list of tools");
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String where = "tools[" + i + "]";
            if (!"function".equals(tool.path("type").asText())) {
                throw GatewayError.invalidRequest(where + ".type", "tools of type '" + tool.path("type").asText()
                        + "' are not supported: only function tools");
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", required(tool, "name", where));
            if (tool.path("description").isTextual()) {
                function.put("description", tool.get("description").asText());
            }
            function.set("parameters", tool.has("parameters") && !tool.get("parameters").isNull()
                    ? tool.get("parameters") : NODES.objectNode().put("type", "object"));
            if (tool.has("strict") && !tool.get("strict").isNull()) {
                function.set("strict", tool.get("strict"));
            }
        }
        return out;
    }

    private static String required(JsonNode item, String field, String where) {
        JsonNode value = item.get(field);
        if (value == null || !value.isTextual()) {
            throw GatewayError.invalidRequest(where + "." + field, "'" + where + "." + field + "' is required and must be a string");
        }
        return value.asText();
    }
}
