package ai.factory.products;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** How {@link Template} finds and writes values. Kept apart so the parser stays about syntax. */
final class TemplateValues {

    enum Filter {
        PLAIN, JSON, BULLETS, JOIN;

        /** The filter called {@code name}; {@link #PLAIN} for none; {@code null} when unknown. */
        static Filter named(String name) {
            if (name == null) {
                return PLAIN;
            }
            return switch (name) {
                case "json" -> JSON;
                case "bullets" -> BULLETS;
                case "join" -> JOIN;
                default -> null;
            };
        }
    }

    private TemplateValues() {
    }

    /** The value at a dotted path; {@link MissingNode} when any step is absent. */
    static JsonNode lookup(JsonNode data, String path) {
        JsonNode node = data;
        for (String step : path.split("\\.")) {
            node = node.path(step);
        }
        return node;
    }

    /** Whether a section on this value is shown: present, not null, not false, not empty. */
    static boolean truthy(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return !node.textValue().isBlank();
        }
        if (node.isContainerNode()) {
            return !node.isEmpty();
        }
        return true;
    }

    static String format(JsonNode node, Filter filter) {
        return switch (filter) {
            case PLAIN -> plain(node, true);
            case JSON -> pretty(node.isMissingNode() ? null : node);
            case BULLETS -> node.isArray() ? items(node, "- ", "\n") : plain(node, true);
            case JOIN -> node.isArray() ? items(node, "", ", ") : plain(node, true);
        };
    }

    private static String items(JsonNode array, String prefix, String separator) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            // Nested containers stay on one line so each item is one bullet.
            out.add(prefix + plain(item, false));
        }
        return String.join(separator, out);
    }

    private static String plain(JsonNode node, boolean prettyContainers) {
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        return prettyContainers ? pretty(node) : node.toString();
    }

    private static String pretty(Object value) {
        try {
            return Json.PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree always serialises
        }
    }
}
