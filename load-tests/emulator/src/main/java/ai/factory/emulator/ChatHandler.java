package ai.factory.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code POST /v1/chat/completions}: messages in, an assistant message (or its chunks) out. */
final class ChatHandler extends GenerationHandler {

    ChatHandler(Engine engine) {
        super(engine);
    }

    @Override
    GenerationPlan plan(JsonNode body, EmulatorConfig config) {
        String model = Requests.model(body, config);
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiError.invalid("messages must be a non-empty array of messages.", "messages");
        }
        StringBuilder prompt = new StringBuilder(model).append('\n');
        int promptTokens = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            JsonNode role = message.get("role");
            if (role == null || !role.isTextual()) {
                throw ApiError.invalid("messages[" + i + "].role is required.", "messages[" + i + "].role");
            }
            String content = contentText(message.get("content"));
            promptTokens += Generator.countWords(content) + Generator.TOKENS_PER_MESSAGE;
            prompt.append(role.asText()).append(": ").append(content).append('\n');
        }
        // Blocks from the messages only: the response format comes after them in a real template.
        long[] blocks = config.kvCacheBlocks() > 0 ? PromptBlocks.of(prompt.toString(), config) : new long[0];
        // The response format is part of the "prompt": the same messages asking for another
        // schema are a different request and may get different words.
        JsonNode format = body.get("response_format");
        if (format != null) {
            prompt.append(format);
        }
        long hash = Generator.hash(prompt.toString(), config.seed());
        return new GenerationPlan(GenerationPlan.Kind.CHAT, newId("chatcmpl-"), nowSeconds(), model,
                promptTokens, Requests.output(body, hash, config), Requests.stream(body),
                Requests.includeUsage(body), blocks);
    }

    /** A message's text: a plain string, or the text parts of a multi-part content array. */
    static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (part.has("text")) {
                    text.append(part.get("text").asText()).append(' ');
                }
            }
            return text.toString();
        }
        return content.toString();
    }
}
