package ai.factory.gateway.chat.teams;

import ai.factory.gateway.chat.PostedMessage;
import ai.factory.gateway.chat.ReplyTarget;
import ai.factory.gateway.chat.outbound.PlatformCalls;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Answers an activity through its conversation's service URL
 * ({@code POST {serviceUrl}/v3/conversations/{conversationId}/activities/{activityId}}) with the
 * bot's token. Teams renders Markdown itself, so the text goes as Markdown. The service URL is the
 * one the verified token vouched for ({@link BotFrameworkAuth}), so the bot's token goes nowhere else.
 */
public final class TeamsClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BotTokens tokens;
    private final PlatformCalls http;

    public TeamsClient(BotTokens tokens, PlatformCalls http) {
        this.tokens = tokens;
        this.http = http;
    }

    public PostedMessage reply(String appId, String appPassword, ReplyTarget to, String text) {
        String token = tokens.token(appId, appPassword);
        Map<String, String> x = to.extra();
        URI uri = URI.create(trimSlash(x.get("serviceUrl")) + "/v3/conversations/" + segment(to.conversation())
                + "/activities/" + segment(x.get("activityId")));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(activity(to, text))).build());
        if (!PlatformCalls.ok(r)) {
            throw http.failure(r);
        }
        String id;
        try {
            id = JSON.readTree(r.body()).path("id").asText(null);
        } catch (Exception e) {
            id = null;
        }
        return new PostedMessage(to.conversation(), id);
    }

    static String activity(ReplyTarget to, String text) {
        Map<String, String> x = to.extra();
        ObjectNode a = JSON.createObjectNode().put("type", "message").put("text", text).put("textFormat", "markdown")
                .put("replyToId", x.get("activityId"));
        a.putObject("from").put("id", x.get("botId")).put("name", x.get("botName"));
        a.putObject("recipient").put("id", x.get("userId")).put("name", x.get("userName"));
        a.putObject("conversation").put("id", to.conversation());
        return a.toString();
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
