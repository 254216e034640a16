package ai.factory.gateway.mcp.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * An upstream's credentials taken out of what goes back to the client: an upstream that echoes a
 * request header (a debug tool, an error page) must not hand the gateway's secret to the agent.
 * A header value and, for {@code <scheme> <token>} values, the token alone are replaced; values
 * shorter than {@link #MIN} are left alone (they would blank ordinary words, and are no secret).
 */
final class Redaction {

    static final String MARK = "[redacted]";
    static final int MIN = 6;

    private final List<String> secrets;

    Redaction(Collection<String> headerValues) {
        List<String> found = new ArrayList<>();
        for (String value : headerValues) {
            add(found, value);
            int space = value.indexOf(' ');
            if (space > 0) {
                add(found, value.substring(space + 1).trim());
            }
        }
        // Longest first: the whole "Bearer x" before its token.
        found.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(found);
    }

    private static void add(List<String> into, String secret) {
        if (secret.length() >= MIN && !into.contains(secret)) {
            into.add(secret);
        }
    }

    String text(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MARK);
        }
        return out;
    }

    /** The tree with every string value redacted, in place; the tree is returned. */
    JsonNode tree(JsonNode node) {
        if (secrets.isEmpty() || node == null) {
            return node;
        }
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    e.setValue(TextNode.valueOf(text(e.getValue().asText())));
                } else {
                    tree(e.getValue());
                }
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(text(array.get(i).asText())));
                } else {
                    tree(array.get(i));
                }
            }
        }
        return node;
    }
}
