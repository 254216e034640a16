package ai.factory.gateway.chat.slack;

import ai.factory.gateway.chat.ChannelBinding;
import ai.factory.gateway.chat.InboundTurn;
import ai.factory.gateway.chat.WebhookOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Slack's payloads, verified already, read into turns. */
final class SlackEvents {

    private static final Pattern MENTION = Pattern.compile("<@[A-Z0-9]+>\\s*");

    private SlackEvents() {
    }

    static WebhookOutcome event(ChannelBinding binding, JsonNode payload) {
        String type = payload.path("type").asText();
        if (type.equals("url_verification")) {
            String challenge = payload.path("challenge").asText();
            return new WebhookOutcome.Ack("{\"challenge\":\"" + challenge.replaceAll("[^A-Za-z0-9_\\-]", "") + "\"}",
                    List.of());
        }
        if (!type.equals("event_callback")) {
            return WebhookOutcome.Ack.empty();
        }
        if (!binding.workspace().equals(payload.path("team_id").asText())) {
            return new WebhookOutcome.Rejected(401, "event of another workspace");
        }
        JsonNode event = payload.path("event");
        String eventType = event.path("type").asText();
        String channelType = event.path("channel_type").asText();
        boolean bound = binding.listensIn(event.path("channel").asText());
        // In a bound channel Slack sends a mention twice (app_mention and message): the message answers it.
        boolean mention = eventType.equals("app_mention") && !bound;
        boolean direct = eventType.equals("message") && channelType.equals("im");
        boolean inBoundChannel = eventType.equals("message") && bound
                && (channelType.equals("channel") || channelType.equals("group"));
        // The bot's own posts and edits come back as events too: answering them would loop.
        if (!(mention || direct || inBoundChannel) || event.has("bot_id") || event.has("subtype")
                || !event.hasNonNull("user")) {
            return WebhookOutcome.Ack.empty();
        }
        String text = MENTION.matcher(event.path("text").asText()).replaceAll("").strip();
        if (text.isEmpty()) {
            return WebhookOutcome.Ack.empty();
        }
        // Mentions and channel messages are answered in their thread; a direct message in the conversation.
        String thread = event.hasNonNull("thread_ts") ? event.path("thread_ts").asText()
                : direct ? null : event.path("ts").asText();
        InboundTurn turn = SlackPlatform.turn(binding, payload.path("event_id").asText(event.path("ts").asText()),
                event.path("channel").asText(), thread, event.path("user").asText(), text);
        return new WebhookOutcome.Ack("", List.of(turn));
    }

    static WebhookOutcome slashCommand(ChannelBinding binding, Map<String, String> form) {
        if (!binding.workspace().equals(form.get("team_id"))) {
            return new WebhookOutcome.Rejected(401, "command of another workspace");
        }
        String command = form.getOrDefault("command", "");
        String text = form.getOrDefault("text", "").strip();
        // "/ask <question>" is a chat message; "/summarize <text>" and the other product commands run as typed.
        String said = command.equals("/ask") ? text : (command + " " + text).strip();
        InboundTurn turn = SlackPlatform.turn(binding, form.getOrDefault("trigger_id", command + text),
                form.getOrDefault("channel_id", ""), null, form.getOrDefault("user_id", ""), said);
        return new WebhookOutcome.Ack("{\"response_type\":\"ephemeral\",\"text\":\"Working on it…\"}", List.of(turn));
    }

    static Map<String, String> form(byte[] body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
