package ai.factory.gateway.chat;

import ai.factory.products.Product;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/**
 * What a user typed, read as a command or a chat message. {@code /help}, {@code /reset}, and one
 * command per product: {@code /summarize}, {@code /translate ja}, {@code /minutes} are short names,
 * every other product answers to its id ({@code /sentiment ...}). A command's text fills the
 * product's first required string field, so a product added to the catalog is a command at once.
 */
public final class Commands {

    /** A parsed line: {@code name} null for a plain chat message. */
    public record Command(String name, String argument) {

        public boolean chat() {
            return name == null;
        }
    }

    private static final Set<String> LANGUAGES = Set.of("en", "vi", "ja", "ko", "zh", "th", "id", "fr", "de", "es");

    private Commands() {
    }

    public static Command parse(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.startsWith("/") || t.length() < 2) {
            return new Command(null, t);
        }
        int space = firstSpace(t);
        String name = t.substring(1, space < 0 ? t.length() : space).toLowerCase(Locale.ROOT);
        int at = name.indexOf('@');
        if (at >= 0) {
            // Telegram addresses a command in a group to one bot: /help@ExampleBot.
            name = name.substring(0, at);
        }
        return new Command(name, space < 0 ? "" : t.substring(space).strip());
    }

    /** The product a command runs: the short names first, then any product id. */
    public static String productOf(String command) {
        return switch (command) {
            case "minutes" -> "meeting-minutes";
            default -> command;
        };
    }

    /**
     * The product's input for a command's text, or null when the text does not fit (empty, or
     * {@code /translate} without a language): the caller answers with the usage line instead.
     */
    public static ObjectNode input(Product product, String argument) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        String text = argument;
        if (product.id().equals("translate")) {
            int space = firstSpace(argument);
            String lang = (space < 0 ? argument : argument.substring(0, space)).toLowerCase(Locale.ROOT);
            if (!LANGUAGES.contains(lang) || space < 0) {
                return null;
            }
            input.put("target_language", lang);
            text = argument.substring(space).strip();
        }
        String field = firstRequiredText(product.inputSchema());
        if (field == null || text.isBlank()) {
            return null;
        }
        input.put(field, text);
        return input;
    }

    public static String usage(Product product) {
        String name = product.id().equals("meeting-minutes") ? "minutes" : product.id();
        return product.id().equals("translate") ? "/translate <language: en, vi, ja, ...> <text>" : "/" + name + " <text>";
    }

    private static String firstRequiredText(JsonNode schema) {
        for (JsonNode required : schema.path("required")) {
            if ("string".equals(schema.path("properties").path(required.asText()).path("type").asText())) {
                return required.asText();
            }
        }
        return null;
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
