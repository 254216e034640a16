package ai.factory.gateway.responses;

import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.http.ClientIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A {@code POST /v1/responses} body, checked, and its translation to a chat completion: the
 * items of {@code input} become messages (function calls and their outputs become tool calls and
 * tool messages), {@code instructions} the system message, {@code text.format} the response
 * format, function {@code tools} chat tools. Plain Java: no framework, unit-tested offline.
 *
 * @param history the messages of the conversation so far (its previous responses), this input excluded
 * @param input this request's input as chat messages, to be stored with the answer
 */
public record ResponsesRequest(ObjectNode body, String model, boolean stream, boolean store, String previousResponseId,
        List<JsonNode> input) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public static ResponsesRequest parse(ObjectNode body) {
        String model = text(body, "model", true);
        if (model.isBlank()) {
            throw GatewayError.invalidRequest("model", "'model' is required and must be a non-empty string");
        }
        ClientIds.model("model", model);
        String user = text(body, "user", false);
        if (user != null) {
            ClientIds.endUser(user);
        }
        boolean stream = bool(body, "stream", false);
        boolean store = bool(body, "store", true);
        String previous = text(body, "previous_response_id", false);
        text(body, "instructions", false);
        number(body, "temperature");
        number(body, "top_p");
        JsonNode max = body.get("max_output_tokens");
        if (max != null && !max.isNull() && (!max.canConvertToInt() || !max.isIntegralNumber() || max.asInt() < 1)) {
            throw GatewayError.invalidRequest("max_output_tokens", "'max_output_tokens' must be a positive integer");
        }
        return new ResponsesRequest(body, model, stream, store, previous, ResponseItems.messages(body.get("input")));
    }

    /** The chat completion this request is: the history, then the instructions' system message first. */
    public ObjectNode chat(List<JsonNode> history) {
        ObjectNode chat = NODES.objectNode();
        chat.put("model", model);
        ArrayNode messages = chat.putArray("messages");
        JsonNode instructions = body.get("instructions");
        if (instructions != null && instructions.isTextual() && !instructions.asText().isEmpty()) {
            // Instructions are never carried over from a previous response, as OpenAI defines them.
            messages.addObject().put("role", "system").put("content", instructions.asText());
        }
        history.forEach(messages::add);
        input.forEach(messages::add);
        copy(body, chat, "temperature", "temperature");
        copy(body, chat, "top_p", "top_p");
        copy(body, chat, "max_output_tokens", "max_tokens");
        copy(body, chat, "parallel_tool_calls", "parallel_tool_calls");
        copy(body, chat, "user", "user");
        JsonNode format = body.path("text").get("format");
        if (format != null && !format.isNull()) {
            JsonNode responseFormat = responseFormat(format);
            if (responseFormat != null) {
                chat.set("response_format", responseFormat);
            }
        }
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull()) {
            ArrayNode chatTools = ResponseItems.tools(tools);
            if (!chatTools.isEmpty()) {
                chat.set("tools", chatTools);
            }
        }
        JsonNode choice = body.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            chat.set("tool_choice", toolChoice(choice));
        }
        if (stream) {
            chat.put("stream", true);
            // response.completed carries usage: ask for the usage chunk.
            chat.putObject("stream_options").put("include_usage", true);
        }
        return chat;
    }

    private static JsonNode responseFormat(JsonNode format) {
        String type = format.path("type").asText("");
        switch (type) {
            case "text":
                return null;
            case "json_object":
                return NODES.objectNode().put("type", "json_object");
            case "json_schema":
                JsonNode schema = format.get("schema");
                if (schema == null || !schema.isObject()) {
                    throw GatewayError.invalidRequest("text.format.schema", "'text.format.schema' must be a JSON schema object");
                }
                ObjectNode out = NODES.objectNode().put("type", "json_schema");
                ObjectNode jsonSchema = out.putObject("json_schema");
                jsonSchema.put("name", format.path("name").asText("response"));
                jsonSchema.set("schema", schema);
                if (format.has("strict")) {
                    jsonSchema.set("strict", format.get("strict"));
                }
                return out;
            default:
                throw GatewayError.invalidRequest("text.format.type",
                        "'text.format.type' must be text, json_object or json_schema");
        }
    }

    private static JsonNode toolChoice(JsonNode choice) {
        if (choice.isTextual()) {
            String mode = choice.asText();
            if (!List.of("auto", "none", "required").contains(mode)) {
                throw GatewayError.invalidRequest("tool_choice", "'tool_choice' must be auto, none, required or a function");
            }
            return choice;
        }
        if (choice.isObject() && "function".equals(choice.path("type").asText()) && choice.path("name").isTextual()) {
            ObjectNode out = NODES.objectNode().put("type", "function");
            out.putObject("function").put("name", choice.get("name").asText());
            return out;
        }
        throw GatewayError.invalidRequest("tool_choice", "'tool_choice' must be auto, none, required or {type: function, name}");
    }

    private static void copy(ObjectNode from, ObjectNode to, String name, String as) {
        JsonNode value = from.get(name);
        if (value != null && !value.isNull()) {
            to.set(as, value);
        }
    }

    private static String text(ObjectNode body, String name, boolean required) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw GatewayError.invalidRequest(name, "'" + name + "' is required and must be a non-empty string");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw GatewayError.invalidRequest(name, "'" + name + "' must be a string");
        }
        return value.asText();
    }

    private static boolean bool(ObjectNode body, String name, boolean absent) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw GatewayError.invalidRequest(name, "'" + name + "' must be true or false");
        }
        return value.asBoolean();
    }

    private static void number(ObjectNode body, String name) {
        JsonNode value = body.get(name);
        if (value != null && !value.isNull() && !value.isNumber()) {
            throw GatewayError.invalidRequest(name, "'" + name + "' must be a number");
        }
    }
}
