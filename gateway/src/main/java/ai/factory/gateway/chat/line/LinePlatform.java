package ai.factory.gateway.chat.line;

import ai.factory.gateway.chat.ChannelBinding;
import ai.factory.gateway.chat.ChatPlatform;
import ai.factory.gateway.chat.EndUsers;
import ai.factory.gateway.chat.InboundTurn;
import ai.factory.gateway.chat.Markdown;
import ai.factory.gateway.chat.Platform;
import ai.factory.gateway.chat.PostedMessage;
import ai.factory.gateway.chat.ReplyTarget;
import ai.factory.gateway.chat.WebhookOutcome;
import ai.factory.gateway.chat.WebhookRequest;
import ai.factory.gateway.chat.outbound.PlatformCalls;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LINE Messaging API. Credentials: {@code channel_secret} (verifies webhooks) and
 * {@code access_token} (the channel access token, for replies and pushes). Text messages become
 * turns, in a group per group and in a one-to-one chat per user; follows, joins, stickers and the
 * rest are acknowledged and not answered. LINE shows plain text, up to 5,000 characters a message.
 */
@Singleton
public class LinePlatform implements ChatPlatform {

    static final int TEXT_LIMIT = 5000;

    private final LineClient client;

    public LinePlatform(@Value("${gateway.chat.line.api-url:`https://api.line.me`}") URI apiUrl) {
        this.client = new LineClient(apiUrl, new PlatformCalls("LINE"));
    }

    @Override
    public Platform platform() {
        return Platform.LINE;
    }

    @Override
    public Set<String> requiredCredentials() {
        return Set.of("channel_secret", "access_token");
    }

    @Override
    public WebhookOutcome receive(ChannelBinding binding, WebhookRequest request) {
        List<LineEvent> events;
        try {
            events = LineWebhook.verifyAndParse(binding.credentials().require("channel_secret"),
                    request.header(LineWebhook.SIGNATURE_HEADER), request.body());
        } catch (LineWebhook.Rejected e) {
            return WebhookOutcome.unauthorized(e.getMessage());
        } catch (LineWebhook.Malformed e) {
            return new WebhookOutcome.Rejected(400, e.getMessage());
        }
        List<InboundTurn> turns = new ArrayList<>();
        for (LineEvent e : events) {
            if (!e.isTextMessage() || e.eventId() == null || e.userId() == null) {
                continue;
            }
            Map<String, String> extra = new HashMap<>();
            extra.put("eventId", e.eventId());
            if (e.replyToken() != null) {
                extra.put("replyToken", e.replyToken());
            }
            turns.add(new InboundTurn(binding, e.eventId(), e.chatId(), e.chatId(), EndUsers.hash(binding, e.userId()),
                    e.text().strip(), new ReplyTarget(e.chatId(), e.chatId(), extra)));
        }
        return new WebhookOutcome.Ack("", turns);
    }

    @Override
    public PostedMessage post(ChannelBinding binding, ReplyTarget target, String text) {
        return client.post(binding.credentials().require("access_token"), target.extra().get("replyToken"),
                target.extra().get("eventId"), target.conversation(), text);
    }

    @Override
    public String format(String markdown) {
        return Markdown.convert(markdown, Markdown.Style.PLAIN);
    }

    @Override
    public int maxMessageLength() {
        return TEXT_LIMIT;
    }
}
