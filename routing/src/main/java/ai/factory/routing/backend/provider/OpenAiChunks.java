package ai.factory.routing.backend.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A provider's answer written as OpenAI's chat completion (chunks), so clients see one API. */
final class OpenAiChunks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final String model;
    private final long created = System.currentTimeMillis() / 1000;

    OpenAiChunks(String id, String model) {
        this.id = id;
        this.model = model;
    }

    ByteBuffer role() {
        ObjectNode chunk = chunk();
        ObjectNode delta = chunk.withArray("choices").addObject().put("index", 0).putObject("delta");
        delta.put("role", "assistant").put("content", "");
        ((ObjectNode) chunk.get("choices").get(0)).putNull("finish_reason");
        return event(chunk);
    }

    ByteBuffer token(String text) {
        ObjectNode chunk = chunk();
        ObjectNode choice = chunk.withArray("choices").addObject().put("index", 0);
        choice.putObject("delta").put("content", text);
        choice.putNull("finish_reason");
        return event(chunk);
    }

    ByteBuffer finish(ChatResponse response) {
        ObjectNode chunk = chunk();
        ObjectNode choice = chunk.withArray("choices").addObject().put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", finishReason(response.finishReason()));
        return event(chunk);
    }

    ByteBuffer usage(ChatResponse response) {
        ObjectNode chunk = chunk();
        chunk.putArray("choices");
        usage(chunk, response.tokenUsage());
        return event(chunk);
    }

    static ByteBuffer done() {
        return ByteBuffer.wrap("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    }

    /** The whole answer as one {@code chat.completion}, for a client that did not stream. */
    byte[] completion(ChatResponse response) {
        ObjectNode root = JSON.createObjectNode().put("id", id).put("object", "chat.completion").put("created", created)
                .put("model", model);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", response.aiMessage().text());
        choice.put("finish_reason", finishReason(response.finishReason()));
        usage(root, response.tokenUsage());
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode chunk() {
        return JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model);
    }

    private static void usage(ObjectNode root, TokenUsage usage) {
        int in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        root.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
    }

    private static String finishReason(FinishReason reason) {
        if (reason == null) {
            return "stop";
        }
        return switch (reason) {
            case LENGTH -> "length";
            case TOOL_EXECUTION -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
            default -> "stop";
        };
    }

    private static ByteBuffer event(ObjectNode chunk) {
        return ByteBuffer.wrap(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
}
