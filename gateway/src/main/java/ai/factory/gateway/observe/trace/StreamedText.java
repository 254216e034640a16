package ai.factory.gateway.observe.trace;

import ai.factory.gateway.sse.SseBytes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The answer text of one stream, joined from its deltas (the first choice's, or a Responses
 * stream's {@code response.output_text.delta}), for an opted-in tenant only. Collection stops at
 * {@link GenAiMessages#BOUND}: the stream is never held whole. Fed by one stream's events in order;
 * locked because a client's cancel may read it while the last event is still being fed.
 */
public final class StreamedText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GenAiMessages.Budget budget = new GenAiMessages.Budget();
    private final StringBuilder text = new StringBuilder();
    private String finishReason;

    StreamedText() {
    }

    public synchronized void event(byte[] event) {
        if (budget.cut()) {
            return;
        }
        SseBytes.Payload data = SseBytes.data(event);
        if (data == null || data.to() <= data.from() || data.bytes()[data.from()] != '{') {
            return;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(data.bytes(), data.from(), data.to() - data.from());
        } catch (IOException e) {
            return;
        }
        if ("response.output_text.delta".equals(chunk.path("type").asText())) {
            append(chunk.get("delta"));
            return;
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0) {
                continue;
            }
            JsonNode content = choice.path("delta").path("content");
            append(content.isTextual() ? content : choice.get("text"));
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && finish.isTextual()) {
                finishReason = finish.asText();
            }
        }
    }

    private void append(JsonNode piece) {
        if (piece != null && piece.isTextual()) {
            text.append(budget.take(piece.asText()));
        }
    }

    /** The {@code gen_ai.output.messages} value, or null when the stream carried no text. */
    public synchronized String messages() {
        return text.isEmpty() && finishReason == null ? null : GenAiMessages.output(text.toString(), finishReason);
    }
}
