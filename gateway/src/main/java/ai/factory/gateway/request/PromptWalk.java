package ai.factory.gateway.request;

import ai.factory.routing.balancing.PromptPrefix;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.function.ToLongFunction;

/**
 * The prompt-bearing values of a body ({@code messages}, {@code prompt}, {@code input}) walked
 * token by token: TokenCounter's counting rules, PromptPrefix's rendering, and the fixed
 * estimates of non-text content parts, with no tree and no copy of the text kept.
 */
final class PromptWalk {

    /** Chat formats wrap each message in a few control tokens (role, separators): TokenCounter's rule. */
    static final int PER_MESSAGE = 4;
    static final int PER_REPLY = 3;

    private final ToLongFunction<String> counter;
    private final ToLongFunction<String> partTokens;
    private final PromptPrefix.Text prefix = new PromptPrefix.Text();
    private long extra;

    PromptWalk(ToLongFunction<String> counter, ToLongFunction<String> partTokens) {
        this.counter = counter;
        this.partTokens = partTokens;
    }

    PromptPrefix.Text prefix() {
        return prefix;
    }

    /** Image, audio and file parts seen in the messages. */
    long extraTokens() {
        return extra;
    }

    /** TokenCounter's chat rule and PromptPrefix's rendering, message by message; parts add their fixed estimates. */
    long messages(JsonParser p) throws IOException {
        long total = PER_REPLY;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            total += PER_MESSAGE;
            String role = "";
            StringBuilder content = new StringBuilder();
            if (p.currentToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "role" -> {
                            role = v.isScalarValue() && v != JsonToken.VALUE_NULL ? p.getText() : "";
                            p.skipChildren();
                        }
                        case "content" -> total += content(p, content);
                        case "name" -> total += text(p);
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            prefix.message(role, content);
        }
        return total;
    }

    private long content(JsonParser p, StringBuilder rendered) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            String text = p.getText();
            rendered.append(text);
            return counter.applyAsLong(text);
        }
        if (t != JsonToken.START_ARRAY) {
            if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                rendered.append(p.getText());
            }
            p.skipChildren();
            return 0;
        }
        long total = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("text")) {
                        if (v.isScalarValue() && v != JsonToken.VALUE_NULL) {
                            rendered.append(p.getText());
                        }
                        total += text(p);
                    } else if (name.equals("type") && v == JsonToken.VALUE_STRING) {
                        extra += partTokens.applyAsLong(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                total += t.isNumeric() ? 1 : text(p);
            }
        }
        return total;
    }

    /** TokenCounter's text rule: a string's tokens; a list's strings, parts' texts and one per token id. */
    long text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return counter.applyAsLong(p.getText());
        }
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return 0;
        }
        long total = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals("text")) {
                        total += text(p);
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                total += t.isNumeric() ? 1 : text(p);
            }
        }
        return total;
    }

}
