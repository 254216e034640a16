package ai.factory.gateway.chat.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A Bot Framework activity as the gateway needs it.
 *
 * @param id the activity id: the dedup key, and what a reply answers
 * @param userId the sender's id in the channel (raw: hash it before it leaves the chat layer)
 * @param text the message text without the bot's {@code <at>} mention, null for other types
 */
public record TeamsActivity(String type, String id, String serviceUrl, String channelId, String conversationId,
        String conversationType, String userId, String userName, String botId, String botName, String text) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MENTION = Pattern.compile("<at>[^<]*</at>");

    public boolean isMessage() {
        return "message".equals(type) && text != null && !text.isBlank();
    }

    public static TeamsActivity parse(byte[] body) throws IOException {
        JsonNode a = JSON.readTree(body);
        if (a == null || !a.isObject() || !a.path("type").isTextual()) {
            throw new IOException("not a Bot Framework activity");
        }
        String text = a.path("text").isTextual() ? MENTION.matcher(a.path("text").asText()).replaceAll("").strip() : null;
        return new TeamsActivity(a.path("type").asText(), text(a, "id"), text(a, "serviceUrl"),
                text(a, "channelId"), text(a.path("conversation"), "id"),
                text(a.path("conversation"), "conversationType"), text(a.path("from"), "id"),
                text(a.path("from"), "name"), text(a.path("recipient"), "id"), text(a.path("recipient"), "name"), text);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}
