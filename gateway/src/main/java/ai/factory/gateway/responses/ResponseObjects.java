package ai.factory.gateway.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** The {@code response} object of the Responses API, built from a chat completion's parts. */
final class ResponseObjects {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResponseObjects() {
    }

    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    /** Every field OpenAI's SDKs expect, echoing the request's settings; {@code output} empty. */
    static ObjectNode skeleton(String id, long createdAt, ResponsesRequest request, String status) {
        ObjectNode body = request.body();
        ObjectNode response = NODES.objectNode();
        response.put("id", id);
        response.put("object", "response");
        response.put("created_at", createdAt);
        response.put("status", status);
        response.putNull("error");
        response.putNull("incomplete_details");
        response.set("instructions", body.path("instructions").isTextual() ? body.get("instructions") : NODES.nullNode());
        response.set("max_output_tokens", orNull(body.get("max_output_tokens")));
        response.put("model", request.model());
        response.putArray("output");
        response.put("parallel_tool_calls", body.path("parallel_tool_calls").asBoolean(true));
        response.set("previous_response_id", orNull(body.get("previous_response_id")));
        response.put("store", request.store());
        response.set("temperature", body.path("temperature").isNumber() ? body.get("temperature") : NODES.numberNode(1.0));
        response.set("top_p", body.path("top_p").isNumber() ? body.get("top_p") : NODES.numberNode(1.0));
        ObjectNode text = response.putObject("text");
        JsonNode format = body.path("text").get("format");
        text.set("format", format != null && format.isObject() ? format : NODES.objectNode().put("type", "text"));
        response.set("tool_choice", body.has("tool_choice") ? body.get("tool_choice") : NODES.textNode("auto"));
        response.set("tools", body.path("tools").isArray() ? body.get("tools") : NODES.arrayNode());
        response.put("truncation", "disabled");
        response.set("user", orNull(body.get("user")));
        response.set("metadata", body.path("metadata").isObject() ? body.get("metadata") : NODES.objectNode());
        response.putNull("usage");
        return response;
    }

    /** A whole chat completion as a finished response. */
    static ObjectNode completed(String id, long createdAt, ResponsesRequest request, JsonNode completion, boolean cacheHit) {
        JsonNode choice = completion.path("choices").path(0);
        String finish = choice.path("finish_reason").asText("stop");
        ObjectNode response = skeleton(id, createdAt, request, "length".equals(finish) ? "incomplete" : "completed");
        if ("length".equals(finish)) {
            response.putObject("incomplete_details").put("reason", "max_output_tokens");
        }
        ArrayNode output = (ArrayNode) response.get("output");
        JsonNode message = choice.path("message");
        String content = message.path("content").isTextual() ? message.get("content").asText() : null;
        if (content != null && !content.isEmpty()) {
            output.add(messageItem(newId("msg_"), content, "completed"));
        }
        for (JsonNode call : message.path("tool_calls")) {
            output.add(functionCall(newId("fc_"), call.path("id").asText(), call.at("/function/name").asText(),
                    call.at("/function/arguments").asText(""), "completed"));
        }
        response.set("usage", usage(completion.path("usage"), cacheHit));
        return response;
    }

    static ObjectNode messageItem(String itemId, String text, String status) {
        ObjectNode item = NODES.objectNode();
        item.put("id", itemId);
        item.put("type", "message");
        item.put("status", status);
        item.put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(textPart(text));
        }
        return item;
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = NODES.objectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    static ObjectNode functionCall(String itemId, String callId, String name, String arguments, String status) {
        return NODES.objectNode().put("id", itemId).put("type", "function_call").put("status", status)
                .put("call_id", callId).put("name", name).put("arguments", arguments);
    }

    /** Chat usage in the Responses API's names; an answer from the gateway's cache had its whole input cached, as billed. */
    static ObjectNode usage(JsonNode chat, boolean cacheHit) {
        long input = chat.path("prompt_tokens").asLong(0);
        long output = chat.path("completion_tokens").asLong(0);
        ObjectNode usage = NODES.objectNode();
        usage.put("input_tokens", input);
        usage.putObject("input_tokens_details").put("cached_tokens",
                cacheHit ? input : chat.at("/prompt_tokens_details/cached_tokens").asLong(0));
        usage.put("output_tokens", output);
        usage.putObject("output_tokens_details").put("reasoning_tokens",
                chat.at("/completion_tokens_details/reasoning_tokens").asLong(0));
        usage.put("total_tokens", chat.path("total_tokens").asLong(input + output));
        return usage;
    }

    /** The answer as one chat message, for the conversation's history. */
    static ObjectNode assistantMessage(JsonNode output) {
        ObjectNode message = NODES.objectNode().put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = NODES.arrayNode();
        for (JsonNode item : output) {
            if ("message".equals(item.path("type").asText())) {
                item.path("content").forEach(part -> text.append(part.path("text").asText("")));
            } else if ("function_call".equals(item.path("type").asText())) {
                ObjectNode call = calls.addObject().put("id", item.path("call_id").asText()).put("type", "function");
                call.putObject("function").put("name", item.path("name").asText()).put("arguments", item.path("arguments").asText());
            }
        }
        if (text.length() > 0 || calls.isEmpty()) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        return message;
    }

    private static JsonNode orNull(JsonNode value) {
        return value == null ? NODES.nullNode() : value;
    }
}
