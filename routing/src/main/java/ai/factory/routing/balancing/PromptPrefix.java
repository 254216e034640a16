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
        StringBuilder text = new StringBuilder();
        JsonNode messages = body.get("messages");
        if (messages != null && messages.isArray()) {
            for (JsonNode message : messages) {
                text.append(message.path("role").asText()).append(": ");
                JsonNode content = message.get("content");
                if (content != null && content.isArray()) {
                    for (JsonNode part : content) {
                        text.append(part.path("text").asText());
                    }
                } else if (content != null && !content.isNull()) {
                    text.append(content.asText());
                }
                text.append('\n');
            }
        } else if (body.hasNonNull("prompt")) {
            text.append(body.get("prompt").isTextual() ? body.get("prompt").asText() : body.get("prompt").toString());
        }
        return PrefixBlocks.of(text.toString());
    }
}
