package ai.factory.gateway.chat.line;

import com.linecorp.bot.parser.LineSignatureValidator;
import com.linecorp.bot.parser.WebhookParseException;
import com.linecorp.bot.parser.WebhookParser;
import com.linecorp.bot.webhook.model.CallbackRequest;
import com.linecorp.bot.webhook.model.Event;
import com.linecorp.bot.webhook.model.FollowEvent;
import com.linecorp.bot.webhook.model.GroupSource;
import com.linecorp.bot.webhook.model.JoinEvent;
import com.linecorp.bot.webhook.model.MessageEvent;
import com.linecorp.bot.webhook.model.ReplyEvent;
import com.linecorp.bot.webhook.model.RoomSource;
import com.linecorp.bot.webhook.model.Source;
import com.linecorp.bot.webhook.model.TextMessageContent;
import com.linecorp.bot.webhook.model.UnfollowEvent;
import com.linecorp.bot.webhook.model.UserSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * LINE's Messaging API webhook: {@code x-line-signature} checked (HMAC-SHA256 of the raw body
 * with the channel secret, base64, compared in constant time by the SDK's validator) before the
 * body is parsed by the SDK's parser.
 */
public final class LineWebhook {

    public static final String SIGNATURE_HEADER = "x-line-signature";

    private LineWebhook() {
    }

    /** The body's events; {@link Rejected} when the signature is missing or wrong. */
    public static List<LineEvent> verifyAndParse(String channelSecret, String signature, byte[] body)
            throws Rejected, Malformed {
        LineSignatureValidator validator = new LineSignatureValidator(channelSecret.getBytes(StandardCharsets.UTF_8));
        if (signature == null || signature.isBlank() || !validator.validateSignature(body, signature)) {
            throw new Rejected();
        }
        CallbackRequest callback;
        try {
            callback = new WebhookParser(validator).handle(signature, body);
        } catch (IOException | WebhookParseException | RuntimeException e) {
            throw new Malformed();
        }
        return callback.events() == null ? List.of() : callback.events().stream().map(LineWebhook::toEvent).toList();
    }

    static LineEvent toEvent(Event e) {
        String kind = e instanceof MessageEvent ? "message" : e instanceof FollowEvent ? "follow"
                : e instanceof UnfollowEvent ? "unfollow" : e instanceof JoinEvent ? "join" : "other";
        String text = e instanceof MessageEvent m && m.message() instanceof TextMessageContent t ? t.text() : null;
        String replyToken = e instanceof ReplyEvent r ? r.replyToken() : null;
        boolean redelivery = e.deliveryContext() != null && Boolean.TRUE.equals(e.deliveryContext().isRedelivery());
        long at = e.timestamp() == null ? 0 : e.timestamp();
        return new LineEvent(e.webhookEventId(), redelivery, kind, replyToken, userOf(e.source()),
                chatOf(e.source()), text, at);
    }

    private static String userOf(Source s) {
        if (s instanceof UserSource u) {
            return u.userId();
        }
        if (s instanceof GroupSource g) {
            return g.userId();
        }
        return s instanceof RoomSource r ? r.userId() : null;
    }

    private static String chatOf(Source s) {
        if (s instanceof GroupSource g) {
            return g.groupId();
        }
        if (s instanceof RoomSource r) {
            return r.roomId();
        }
        return s instanceof UserSource u ? u.userId() : null;
    }

    /** Missing or wrong signature: 401, nothing read further. */
    public static final class Rejected extends Exception {
        Rejected() {
            super("LINE signature missing or invalid", null, false, false);
        }
    }

    /** Signed but not a LINE webhook body: 400. */
    public static final class Malformed extends Exception {
        Malformed() {
            super("not a LINE webhook body", null, false, false);
        }
    }
}
