package ai.factory.gateway.chat.teams;

import ai.factory.gateway.chat.outbound.PlatformSender;
import ai.factory.gateway.chat.outbound.SendResult;
import ai.factory.gateway.chat.outbound.TextSplitter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers an activity through its conversation's service URL
 * ({@code POST {serviceUrl}/v3/conversations/{id}/activities/{activityId}}) with the bot's token.
 * Teams renders Markdown itself, so the text goes as Markdown; an answer past Teams' message size
 * goes as several replies.
 */
public final class TeamsClient {

    /** Teams refuses activities past about 28 KB; the text keeps room for the envelope. */
    public static final int TEXT_LIMIT_BYTES = 24_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BotTokens tokens;
    private final PlatformSender sender;

    public TeamsClient(BotTokens tokens, PlatformSender sender) {
        this.tokens = tokens;
        this.sender = sender;
    }

    public CompletableFuture<SendResult> reply(String appId, String appSecret, TeamsActivity to, String markdown) {
        List<String> parts = TextSplitter.split(markdown, TEXT_LIMIT_BYTES, TextSplitter.Measure.UTF8_BYTES);
        URI uri = URI.create(trimSlash(to.serviceUrl()) + "/v3/conversations/" + segment(to.conversationId())
                + "/activities/" + segment(to.id()));
        return tokens.token(appId, appSecret)
                .thenCompose(token -> post(uri, token, to, parts, 0, null))
                .exceptionally(e -> new SendResult(401, "no bot token: " + e.getMessage(), 0));
    }

    private CompletableFuture<SendResult> post(URI uri, String token, TeamsActivity to, List<String> parts, int i,
            SendResult last) {
        if (i >= parts.size()) {
            return CompletableFuture.completedFuture(last);
        }
        String body = activity(to, parts.get(i));
        return sender.send(() -> HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .header("authorization", "Bearer " + token)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build())
                .thenCompose(r -> r.delivered() ? post(uri, token, to, parts, i + 1, r)
                        : CompletableFuture.completedFuture(r));
    }

    static String activity(TeamsActivity to, String text) {
        ObjectNode a = JSON.createObjectNode().put("type", "message").put("text", text).put("textFormat", "markdown")
                .put("replyToId", to.id());
        a.putObject("from").put("id", to.botId()).put("name", to.botName());
        a.putObject("recipient").put("id", to.userId()).put("name", to.userName());
        a.putObject("conversation").put("id", to.conversationId());
        return a.toString();
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
