package ai.factory.gateway.chat.teams;

import ai.factory.gateway.chat.ChannelBinding;
import ai.factory.gateway.chat.ChatPlatform;
import ai.factory.gateway.chat.EndUsers;
import ai.factory.gateway.chat.InboundTurn;
import ai.factory.gateway.chat.Platform;
import ai.factory.gateway.chat.PostedMessage;
import ai.factory.gateway.chat.ReplyTarget;
import ai.factory.gateway.chat.WebhookOutcome;
import ai.factory.gateway.chat.WebhookRequest;
import ai.factory.gateway.chat.outbound.PlatformCalls;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Microsoft Teams through the Bot Framework. Credentials: {@code app_id} (the bot's Microsoft app
 * id: the tokens' audience) and {@code app_password} (its client secret, for the bot's own token).
 * Message activities become turns, memory per conversation (a Teams channel thread has its own
 * conversation id); other activity types are acknowledged and not answered.
 */
@Singleton
public class TeamsPlatform implements ChatPlatform {

    /**
     * Teams refuses activities past about 28 KB. 8,000 UTF-16 units are at most 24,000 bytes of
     * UTF-8 (three bytes per unit at worst), which leaves room for the activity around the text.
     */
    static final int TEXT_LIMIT = 8000;

    private final BotFrameworkAuth auth;
    private final TeamsClient client;

    public TeamsPlatform(
            @Value("${gateway.chat.teams.openid-metadata-url:`https://login.botframework.com/v1/.well-known/openidconfiguration`}")
            URI metadataUrl,
            @Value("${gateway.chat.teams.token-url:`https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token`}")
            URI tokenUrl,
            @Value("${gateway.chat.teams.clock-skew:5m}") Duration clockSkew) {
        this.auth = new BotFrameworkAuth(metadataUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                clockSkew);
        PlatformCalls http = new PlatformCalls("Teams");
        this.client = new TeamsClient(new BotTokens(tokenUrl, http, Clock.systemUTC()), http);
    }

    @Override
    public Platform platform() {
        return Platform.TEAMS;
    }

    @Override
    public Set<String> requiredCredentials() {
        return Set.of("app_id", "app_password");
    }

    @Override
    public WebhookOutcome receive(ChannelBinding binding, WebhookRequest request) {
        String appId = binding.credentials().require("app_id");
        TeamsActivity activity;
        try {
            activity = TeamsActivity.parse(request.body());
        } catch (IOException e) {
            // Unsigned garbage and a signed body that is not an activity look alike here: refuse both.
            return WebhookOutcome.unauthorized("not a Bot Framework activity");
        }
        try {
            auth.verify(request.header("authorization"), appId, activity.serviceUrl(), activity.channelId());
        } catch (BotFrameworkAuth.Rejected e) {
            return WebhookOutcome.unauthorized(e.getMessage());
        }
        if (!activity.isMessage() || activity.id() == null || activity.conversationId() == null
                || activity.userId() == null) {
            return WebhookOutcome.Ack.empty();
        }
        Map<String, String> extra = new HashMap<>();
        extra.put("serviceUrl", activity.serviceUrl());
        extra.put("activityId", activity.id());
        extra.put("userId", activity.userId());
        putIfSet(extra, "userName", activity.userName());
        putIfSet(extra, "botId", activity.botId());
        putIfSet(extra, "botName", activity.botName());
        String conversation = activity.conversationId();
        InboundTurn turn = new InboundTurn(binding, activity.id(), conversation, conversation,
                EndUsers.hash(binding, activity.userId()), activity.text(), new ReplyTarget(conversation, activity.id(), extra));
        return new WebhookOutcome.Ack("", List.of(turn));
    }

    private static void putIfSet(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    @Override
    public PostedMessage post(ChannelBinding binding, ReplyTarget target, String text) {
        return client.reply(binding.credentials().require("app_id"), binding.credentials().require("app_password"),
                target, text);
    }

    @Override
    public String format(String markdown) {
        return markdown;
    }

    @Override
    public int maxMessageLength() {
        return TEXT_LIMIT;
    }
}
