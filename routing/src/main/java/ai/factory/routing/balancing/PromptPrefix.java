package ai.factory.routing.balancing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The prefix-aware balancer's view of an OpenAI request body: its prompt rendered the way a chat
 * template lays it out (each message's role and text, in order: system prompt, product template,
 * earlier turns, then the new message), hashed into {@link PrefixBlocks}. Only the order and the
 * text matter: the same conversation so far must give the same leading blocks.
 */
public final class PromptPrefix {

    private PromptPrefix() {
    }

    /** Block hashes of a chat ({@code messages}) or completion ({@code prompt}) body; empty for anything else. */
    public static long[] blocks(JsonNode body) {
        Text text = new Text();
        JsonNode messages = body.get("messages");
        if (messages != null && messages.isArray()) {
            for (JsonNode message : messages) {
                StringBuilder content = new StringBuilder();
                JsonNode value = message.get("content");
                if (value != null && value.isArray()) {
                    for (JsonNode part : value) {
                        content.append(part.path("text").asText());
                    }
                } else if (value != null && !value.isNull()) {
                    content.append(value.asText());
                }
                text.message(message.path("role").asText(), content);
            }
        } else if (body.hasNonNull("prompt")) {
            text.prompt(body.get("prompt").isTextual() ? body.get("prompt").asText() : body.get("prompt").toString());
        }
        return text.blocks();
    }

    /**
     * The rendering itself, for a reader that walks the body without a tree (the gateway's
     * one-pass request reader): messages in order, each as {@code role: content\n}, or the prompt.
     */
    public static final class Text {

        private final StringBuilder text = new StringBuilder();

        public void message(String role, CharSequence content) {
            text.append(role).append(": ").append(content).append('\n');
        }

        public void prompt(String prompt) {
            text.append(prompt);
        }

        /** The rendered text itself (not a copy): what a server-side tokenizer would read. */
        public CharSequence text() {
            return text;
        }

        public long[] blocks() {
            return PrefixBlocks.of(text.toString());
        }
    }
}
