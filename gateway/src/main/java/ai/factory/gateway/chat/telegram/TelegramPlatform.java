package ai.factory.gateway.chat.telegram;

import ai.factory.gateway.chat.ChannelBinding;
import ai.factory.gateway.chat.ChatPlatform;
import ai.factory.gateway.chat.EndUsers;
import ai.factory.gateway.chat.InboundTurn;
import ai.factory.gateway.chat.Markdown;
import ai.factory.gateway.chat.Platform;
import ai.factory.gateway.chat.PlatformCallException;
import ai.factory.gateway.chat.PlatformHttp;
import ai.factory.gateway.chat.PostedMessage;
import ai.factory.gateway.chat.ReplyTarget;
import ai.factory.gateway.chat.Signatures;
import ai.factory.gateway.chat.WebhookOutcome;
import ai.factory.gateway.chat.WebhookRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Telegram's Bot API: webhooks verified by {@code X-Telegram-Bot-Api-Secret-Token} (the
 * {@code secret_token} given to setWebhook), one turn per message update, each {@code update_id}
 * answered once; answers in MarkdownV2 through {@code sendMessage}, streamed with
 * {@code editMessageText}, a 429's {@code parameters.retry_after} honoured. Credentials:
 * {@code bot_token}, {@code secret_token}; the workspace is the bot's id (the token's part before ':').
 */
@Singleton
public class TelegramPlatform implements ChatPlatform {

    private final PlatformHttp http;
    private final String api;

    public TelegramPlatform(PlatformHttp http,
            @Value("${gateway.chat.telegram.api-url:`https://api.telegram.org`}") String api) {
        this.http = http;
        this.api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
    }

    @Override
    public Platform platform() {
        return Platform.TELEGRAM;
    }

    @Override
    public Set<String> requiredCredentials() {
        return Set.of("bot_token", "secret_token");
    }

    @Override
    public WebhookOutcome receive(ChannelBinding binding, WebhookRequest request) {
        if (!Signatures.same(binding.credentials().require("secret_token"),
                request.header("x-telegram-bot-api-secret-token"))) {
            return new WebhookOutcome.Rejected(401, "bad or missing secret token");
        }
        JsonNode update;
        try {
            update = http.json().readTree(request.body());
        } catch (IOException e) {
            return new WebhookOutcome.Rejected(400, "body is not JSON");
        }
        JsonNode message = update == null ? null : update.get("message");
        if (message == null || !message.path("text").isTextual() || message.path("from").path("is_bot").asBoolean(false)) {
            return WebhookOutcome.Ack.empty();
        }
        String chat = message.path("chat").path("id").asText();
        if (!answers(binding, message, chat)) {
            return WebhookOutcome.Ack.empty();
        }
        String thread = message.hasNonNull("message_thread_id") ? message.path("message_thread_id").asText() : chat;
        ReplyTarget target = new ReplyTarget(chat, thread, Map.of("reply_to", message.path("message_id").asText()));
        InboundTurn turn = new InboundTurn(binding, update.path("update_id").asText(), chat, thread,
                EndUsers.hash(binding, message.path("from").path("id").asText()), message.path("text").asText(), target);
        return new WebhookOutcome.Ack("", List.of(turn));
    }

    /**
     * A private chat is always answered. In a group only a bound group (every message), a command, or
     * a reply to the bot's own message: a bot that may read a group answers nothing else there.
     */
    static boolean answers(ChannelBinding binding, JsonNode message, String chat) {
        String type = message.path("chat").path("type").asText("private");
        if (type.equals("private") || binding.listensIn(chat)) {
            return true;
        }
        JsonNode repliedTo = message.path("reply_to_message").path("from");
        return message.path("text").asText().startsWith("/")
                || (repliedTo.path("is_bot").asBoolean(false) && repliedTo.path("id").asText().equals(binding.workspace()));
    }

    @Override
    public PostedMessage post(ChannelBinding binding, ReplyTarget target, String text) {
        ObjectNode body = http.json().createObjectNode().put("chat_id", target.conversation()).put("text", text)
                .put("parse_mode", "MarkdownV2");
        if (!target.thread().equals(target.conversation())) {
            body.put("message_thread_id", Long.parseLong(target.thread()));
        }
        JsonNode result = call("sendMessage", binding, body);
        return new PostedMessage(target.conversation(), result.path("message_id").asText());
    }

    @Override
    public void edit(ChannelBinding binding, PostedMessage message, String text) {
        call("editMessageText", binding, http.json().createObjectNode().put("chat_id", message.conversation())
                .put("message_id", Long.parseLong(message.id())).put("text", text).put("parse_mode", "MarkdownV2"));
    }

    private JsonNode call(String method, ChannelBinding binding, ObjectNode body) {
        PlatformHttp.Reply reply = http.postJson(api + "/bot" + binding.credentials().require("bot_token") + "/" + method,
                Map.of(), body);
        JsonNode answer = reply.body();
        if (answer.path("ok").asBoolean(false)) {
            return answer.path("result");
        }
        int code = answer.path("error_code").asInt(reply.status());
        JsonNode retry = answer.path("parameters").path("retry_after");
        Duration retryAfter = retry.canConvertToLong() ? Duration.ofSeconds(retry.asLong()) : reply.retryAfter();
        // Never the URL in the message: it carries the bot token.
        throw new PlatformCallException(code, retryAfter, "telegram " + method + " answered " + code);
    }

    @Override
    public String format(String markdown) {
        return Markdown.convert(markdown, Markdown.Style.TELEGRAM);
    }

    @Override
    public int maxMessageLength() {
        return 4096;
    }

    @Override
    public boolean streamsEdits() {
        return true;
    }

    /** About one message a second per chat. */
    @Override
    public Duration editInterval() {
        return Duration.ofSeconds(1);
    }
}
