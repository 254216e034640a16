package ai.factory.gateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Request bodies for the OpenAI endpoints, written with Jackson instead of escaped JSON strings:
 * {@code Bodies.chat("chat-default").user("hi").maxTokens(5).stream().json()}. Anything the
 * builder has no method for goes through {@link Body#put}.
 */
public final class Bodies {

    static final ObjectMapper JSON = new ObjectMapper();

    private Bodies() {
    }

    /** A chat completion for {@code model}, with no messages yet. */
    public static Chat chat(String model) {
        return new Chat(model);
    }

    /** An embeddings request for {@code model} and one input text. */
    public static Body embeddings(String model, String input) {
        return new Body().put("model", model).put("input", input);
    }

    /** Any JSON object, built field by field. */
    public static Body object() {
        return new Body();
    }

    /** A JSON object under construction; {@link #json()} (or toString) gives its text. */
    public static class Body {

        final ObjectNode node = JSON.createObjectNode();

        /** Sets a field to any value Jackson can write (numbers, strings, maps, lists, other Bodies). */
        public Body put(String field, Object value) {
            node.set(field, value instanceof Body body ? body.node : JSON.valueToTree(value));
            return this;
        }

        public Body remove(String field) {
            node.remove(field);
            return this;
        }

        public String json() {
            return node.toString();
        }

        @Override
        public String toString() {
            return json();
        }
    }

    /** A chat completion body: messages in the order added, then options. */
    public static final class Chat extends Body {

        private final ArrayNode messages;

        private Chat(String model) {
            node.put("model", model);
            messages = node.putArray("messages");
        }

        public Chat message(String role, String content) {
            messages.addObject().put("role", role).put("content", content);
            return this;
        }

        public Chat system(String content) {
            return message("system", content);
        }

        public Chat user(String content) {
            return message("user", content);
        }

        public Chat assistant(String content) {
            return message("assistant", content);
        }

        public Chat maxTokens(int tokens) {
            node.put("max_tokens", tokens);
            return this;
        }

        public Chat temperature(double temperature) {
            node.put("temperature", temperature);
            return this;
        }

        /** {@code "stream":true}. */
        public Chat stream() {
            return stream(true);
        }

        public Chat stream(boolean stream) {
            node.put("stream", stream);
            return this;
        }

        /** {@code "stream_options":{"include_usage":true}}. */
        public Chat includeUsage() {
            node.putObject("stream_options").put("include_usage", true);
            return this;
        }

        @Override
        public Chat put(String field, Object value) {
            super.put(field, value);
            return this;
        }
    }
}
