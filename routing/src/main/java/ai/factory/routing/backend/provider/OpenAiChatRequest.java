package ai.factory.routing.backend.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of an OpenAI chat request a LangChain4j chat model can take: text messages, the
 * sampling parameters, the output limit. Anything else (tools, images, logprobs) is refused with
 * a message rather than silently dropped: the answer would not be what the client asked for.
 *
 * @param stream whether the client asked for a stream
 * @param includeUsage {@code stream_options.include_usage}
 */
record OpenAiChatRequest(String model, ChatRequest chat, boolean stream, boolean includeUsage) {

    /** Anthropic requires a limit; OpenAI clients often send none. */
    static final int DEFAULT_MAX_TOKENS = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    static OpenAiChatRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the request body is not JSON: " + e.getMessage());
        }
        String model = root.path("model").asText();
        for (String unsupported : List.of("tools", "functions", "logprobs", "n")) {
            if (root.hasNonNull(unsupported) && !(unsupported.equals("n") && root.get("n").asInt() == 1)) {
                throw new IllegalArgumentException("'" + unsupported + "' is not supported by this provider adapter");
            }
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode message : root.path("messages")) {
            String text = text(message.get("content"));
            switch (message.path("role").asText()) {
                case "system", "developer" -> messages.add(SystemMessage.from(text));
                case "user" -> messages.add(UserMessage.from(text));
                case "assistant" -> messages.add(AiMessage.from(text));
                default -> throw new IllegalArgumentException("message role '" + message.path("role").asText()
                        + "' is not supported by this provider adapter");
            }
        }
        JsonNode limit = root.hasNonNull("max_completion_tokens") ? root.get("max_completion_tokens") : root.get("max_tokens");
        DefaultChatRequestParameters.Builder<?> parameters = ChatRequestParameters.builder()
                .modelName(model)
                .maxOutputTokens(limit == null || limit.isNull() ? DEFAULT_MAX_TOKENS : limit.asInt());
        if (root.hasNonNull("temperature")) {
            parameters.temperature(root.get("temperature").asDouble());
        }
        if (root.hasNonNull("top_p")) {
            parameters.topP(root.get("top_p").asDouble());
        }
        JsonNode stop = root.get("stop");
        if (stop != null && !stop.isNull()) {
            List<String> stops = new ArrayList<>();
            if (stop.isArray()) {
                stop.forEach(s -> stops.add(s.asText()));
            } else {
                stops.add(stop.asText());
            }
            parameters.stopSequences(stops);
        }
        ChatRequest chat = ChatRequest.builder().messages(messages).parameters(parameters.build()).build();
        boolean stream = root.path("stream").asBoolean(false);
        return new OpenAiChatRequest(model, chat, stream, stream && root.path("stream_options").path("include_usage").asBoolean(false));
    }

    /** A string, or the text parts of a multi-part content array. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asText())) {
                throw new IllegalArgumentException("content part '" + part.path("type").asText()
                        + "' is not supported by this provider adapter");
            }
            text.append(part.path("text").asText());
        }
        return text.toString();
    }
}
