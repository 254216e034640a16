package ai.factory.gateway.chat.zalo;

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
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Zalo Official Account. Credentials: {@code app_id} and {@code oa_secret_key} (verify webhooks),
 * {@code access_token} (the OA's token for the message API). The binding's workspace is the OA id:
 * an event addressed to another OA is refused. Text messages become turns, memory per user; Zalo
 * shows plain text, up to 2,000 characters a message.
 */
@Singleton
public class ZaloPlatform implements ChatPlatform {

    static final int TEXT_LIMIT = 2000;

    private final ZaloClient client;
    private final Duration maxAge;

    public ZaloPlatform(@Value("${gateway.chat.zalo.api-url:`https://openapi.zalo.me`}") URI apiUrl,
            @Value("${gateway.chat.zalo.max-event-age:5m}") Duration maxAge) {
        this.client = new ZaloClient(apiUrl, new PlatformCalls("Zalo"));
        this.maxAge = maxAge;
    }

    @Override
    public Platform platform() {
        return Platform.ZALO;
    }

    @Override
    public Set<String> requiredCredentials() {
        return Set.of("app_id", "oa_secret_key", "access_token");
    }

    @Override
    public WebhookOutcome receive(ChannelBinding binding, WebhookRequest request) {
        ZaloEvent e;
        try {
            e = ZaloWebhook.verifyAndParse(binding.credentials().require("app_id"),
                    binding.credentials().require("oa_secret_key"), request.header(ZaloWebhook.SIGNATURE_HEADER),
                    request.header(ZaloWebhook.TIMESTAMP_HEADER), request.body(), request.receivedAt(), maxAge);
        } catch (ZaloWebhook.Rejected r) {
            return WebhookOutcome.unauthorized(r.getMessage());
        } catch (ZaloWebhook.Malformed m) {
            return new WebhookOutcome.Rejected(400, m.getMessage());
        }
        if (binding.workspace() != null && !binding.workspace().isBlank() && !binding.workspace().equals(e.oaId())) {
            return WebhookOutcome.unauthorized("Zalo event for another official account");
        }
        if (!e.isTextMessage() || e.senderId() == null) {
            return WebhookOutcome.Ack.empty();
        }
        String user = e.senderId();
        InboundTurn turn = new InboundTurn(binding, e.eventId(), user, user, EndUsers.hash(binding, user),
                e.text().strip(), ReplyTarget.of(user, user));
        return new WebhookOutcome.Ack("", List.of(turn));
    }

    @Override
    public PostedMessage post(ChannelBinding binding, ReplyTarget target, String text) {
        return client.send(binding.credentials().require("access_token"), target.conversation(), text);
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
