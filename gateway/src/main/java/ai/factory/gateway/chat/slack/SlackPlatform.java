package ai.factory.gateway.chat.slack;

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
import ai.factory.gateway.chat.WebhookOutcome;
import ai.factory.gateway.chat.WebhookRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Slack: the Events API ({@code app_mention}, direct messages, every message in the binding's
 * {@code channels}) and slash commands, verified with
 * the signing secret; answered with {@code chat.postMessage} and streamed with {@code chat.update}
 * in the message's thread. Credentials: {@code signing_secret}, {@code bot_token}; the workspace is
 * the team id ({@code T...}). The app manifest is {@code gateway/src/main/resources/chat/slack-manifest.yaml}.
 */
@Singleton
public class SlackPlatform implements ChatPlatform {

    private final PlatformHttp http;
    private final String api;

    public SlackPlatform(PlatformHttp http, @Value("${gateway.chat.slack.api-url:`https://slack.com/api`}") String api) {
        this.http = http;
        this.api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
    }

    @Override
    public Platform platform() {
        return Platform.SLACK;
    }

    @Override
    public Set<String> requiredCredentials() {
        return Set.of("signing_secret", "bot_token");
    }

    @Override
    public WebhookOutcome receive(ChannelBinding binding, WebhookRequest request) {
        String problem = SlackSignature.problem(binding.credentials().require("signing_secret"),
                request.header("x-slack-request-timestamp"), request.header("x-slack-signature"), request.body(),
                request.receivedAt());
        if (problem != null) {
            return new WebhookOutcome.Rejected(401, problem);
        }
        String type = request.header("content-type");
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            return SlackEvents.slashCommand(binding, SlackEvents.form(request.body()));
        }
        JsonNode payload;
        try {
            payload = http.json().readTree(request.body());
        } catch (IOException e) {
            return new WebhookOutcome.Rejected(400, "body is not JSON");
        }
        return SlackEvents.event(binding, payload == null ? http.json().createObjectNode() : payload);
    }

    @Override
    public PostedMessage post(ChannelBinding binding, ReplyTarget target, String text) {
        ObjectNode body = http.json().createObjectNode().put("channel", target.conversation()).put("text", text)
                .put("mrkdwn", true);
        if (target.thread() != null && !target.thread().isEmpty()) {
            body.put("thread_ts", target.thread());
        }
        JsonNode answer = call("chat.postMessage", binding, body);
        return new PostedMessage(answer.path("channel").asText(target.conversation()), answer.path("ts").asText());
    }

    @Override
    public void edit(ChannelBinding binding, PostedMessage message, String text) {
        call("chat.update", binding, http.json().createObjectNode().put("channel", message.conversation())
                .put("ts", message.id()).put("text", text));
    }

    private JsonNode call(String method, ChannelBinding binding, ObjectNode body) {
        PlatformHttp.Reply reply = http.postJson(api + "/" + method,
                Map.of("authorization", "Bearer " + binding.credentials().require("bot_token")), body)
                .requireNotThrottled("slack " + method);
        if (!reply.body().path("ok").asBoolean(false)) {
            String error = reply.body().path("error").asText("HTTP " + reply.status());
            // Slack answers some throttling as ok:false with "ratelimited".
            int status = "ratelimited".equals(error) ? 429 : reply.status() == 200 ? 400 : reply.status();
            throw new PlatformCallException(status, reply.retryAfter(), "slack " + method + ": " + error);
        }
        return reply.body();
    }

    @Override
    public String format(String markdown) {
        return Markdown.convert(markdown, Markdown.Style.SLACK);
    }

    /** Slack's text limit is 40,000 characters, but it advises 4,000 per message for readability. */
    @Override
    public int maxMessageLength() {
        return 4000;
    }

    @Override
    public boolean streamsEdits() {
        return true;
    }

    /** chat.update is a Tier 3 method: about 50 calls a minute. */
    @Override
    public Duration editInterval() {
        return Duration.ofMillis(1200);
    }

    static InboundTurn turn(ChannelBinding binding, String eventId, String channel, String thread, String user,
            String text) {
        return new InboundTurn(binding, eventId, channel, thread == null ? channel : thread,
                EndUsers.hash(binding, user), text, ReplyTarget.of(channel, thread));
    }

}
