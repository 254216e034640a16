package ai.factory.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * When the emulated model calls a tool: only when the request offers {@code tools}, the last
 * message is the user's (after a tool result the model answers in text, so agent loops end), and
 * the request forces a call ({@code tool_choice: required} or a named function) or the user's
 * text says {@code call:<tool name>}. The arguments are an instance of the tool's parameter
 * schema, so a client's schema validation passes. Deterministic, like every other answer.
 */
final class ToolCalls {

    static final String MARKER = "call:";

    private ToolCalls() {
    }

    /** The call's output (the arguments' JSON as tokens), or null when the model answers in text. */
    static Generator.Output of(JsonNode body, long hash) {
        JsonNode tools = body.get("tools");
        JsonNode messages = body.get("messages");
        if (tools == null || !tools.isArray() || tools.isEmpty() || messages == null || !messages.isArray()
                || messages.isEmpty()) {
            return null;
        }
        JsonNode last = messages.get(messages.size() - 1);
        if (!"user".equals(last.path("role").asText())) {
            return null;
        }
        JsonNode choice = body.get("tool_choice");
        String forced = choice != null && choice.isObject() ? choice.at("/function/name").asText(null) : null;
        boolean required = choice != null && "required".equals(choice.asText());
        if (choice != null && "none".equals(choice.asText())) {
            return null;
        }
        String text = ChatHandler.contentText(last.get("content"));
        JsonNode picked = null;
        for (JsonNode tool : tools) {
            String name = tool.at("/function/name").asText("");
            if (name.equals(forced) || (forced == null && text.contains(MARKER + name))) {
                picked = tool;
                break;
            }
        }
        if (picked == null && required) {
            picked = tools.get(0);
        }
        if (picked == null) {
            return null;
        }
        JsonNode parameters = picked.at("/function/parameters");
        String arguments = parameters.isObject() ? SchemaInstance.of(parameters, hash).toString() : "{}";
        Generator.Output pieces = Generator.json(arguments, null);
        return new Generator.Output(pieces.tokens(), "tool_calls",
                new Generator.ToolCall("call_" + Long.toHexString(hash & 0xffffffffffffL), picked.at("/function/name").asText()));
    }
}
