package ai.factory.gateway.observe.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Prompts and answers in the GenAI conventions' message form, as the JSON string spans may carry
 * ({@code gen_ai.input.messages}, {@code gen_ai.output.messages}):
 * {@code [{"role":"user","parts":[{"type":"text","content":"..."}]}]}. Only text is kept; a part
 * that is not text (an image, a file) is recorded by its type alone. The text of one attribute is
 * bounded: past {@link #BOUND} characters it is cut and ends with {@link #TRUNCATED}.
 */
final class GenAiMessages {

    static final String INPUT = "gen_ai.input.messages";
    static final String OUTPUT = "gen_ai.output.messages";
    /** Characters of text per attribute: enough to read a prompt, not a store for whole documents. */
    static final int BOUND = 16 * 1024;
    static final String TRUNCATED = "…[truncated]";

    private static final ObjectMapper JSON = new ObjectMapper();

    private GenAiMessages() {
    }

    /** What is left of one attribute's bound; once cut, nothing more is added. */
    static final class Budget {
        private int left = BOUND;
        private boolean cut;

        String take(String text) {
            if (text.length() <= left) {
                left -= text.length();
                return text;
            }
            int end = left;
            if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            left = 0;
            cut = true;
            return text.substring(0, end) + TRUNCATED;
        }

        boolean cut() {
            return cut;
        }
    }

    /** A request body's prompt: chat {@code messages}, or a Responses/completions {@code input}/{@code prompt}. */
    static String input(JsonNode body) {
        ArrayNode out = JSON.createArrayNode();
        Budget budget = new Budget();
        JsonNode messages = body.get("messages");
        JsonNode prompt = messages != null ? messages : body.has("input") ? body.get("input") : body.get("prompt");
        if (prompt == null) {
            return null;
        }
        if (prompt.isArray()) {
            for (JsonNode m : prompt) {
                if (budget.cut()) {
                    break;
                }
                if (m.isObject()) {
                    message(out, m.path("role").asText("user"), m.get("content"), budget);
                } else {
                    message(out, "user", m, budget);
                }
            }
        } else {
            message(out, "user", prompt, budget);
        }
        return out.isEmpty() ? null : write(out);
    }

    /** A whole answer: each chat or completions choice, or the Responses API's output messages. */
    static String output(JsonNode answer) {
        ArrayNode out = JSON.createArrayNode();
        Budget budget = new Budget();
        for (JsonNode choice : answer.path("choices")) {
            JsonNode text = choice.path("message").path("content");
            ObjectNode m = message(out, "assistant", text.isTextual() ? text : choice.get("text"), budget);
            m.put("finish_reason", choice.path("finish_reason").asText(""));
        }
        for (JsonNode item : answer.path("output")) {
            if ("message".equals(item.path("type").asText())) {
                message(out, "assistant", item.get("content"), budget).put("finish_reason", "stop");
            }
        }
        return out.isEmpty() ? null : write(out);
    }

    /** Streamed text already joined and bounded by {@link StreamedText}. */
    static String output(String text, String finishReason) {
        ArrayNode out = JSON.createArrayNode();
        ObjectNode m = out.addObject().put("role", "assistant");
        m.putArray("parts").addObject().put("type", "text").put("content", text);
        m.put("finish_reason", finishReason == null ? "" : finishReason);
        return write(out);
    }

    private static ObjectNode message(ArrayNode out, String role, JsonNode content, Budget budget) {
        ObjectNode m = out.addObject().put("role", role);
        ArrayNode parts = m.putArray("parts");
        if (content == null || content.isNull()) {
            return m;
        }
        if (!content.isArray()) {
            text(parts, content, budget);
            return m;
        }
        for (JsonNode part : content) {
            JsonNode text = part.isTextual() ? part : part.get("text");
            if (text != null && text.isTextual()) {
                text(parts, text, budget);
            } else {
                parts.addObject().put("type", part.path("type").asText("unknown"));
            }
        }
        return m;
    }

    private static void text(ArrayNode parts, JsonNode text, Budget budget) {
        if (!budget.cut()) {
            parts.addObject().put("type", "text").put("content", budget.take(text.isTextual() ? text.asText() : text.toString()));
        }
    }

    private static String write(ArrayNode messages) {
        try {
            return JSON.writeValueAsString(messages);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
