package ai.factory.gateway.chat.line;

import ai.factory.gateway.chat.PlatformCallException;
import ai.factory.gateway.chat.PostedMessage;
import ai.factory.gateway.chat.outbound.PlatformCalls;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Answers on LINE: with the event's reply token first (free, valid once and for a short while),
 * else by push (counted against the channel's message quota). A reply token LINE refuses (400:
 * expired or used) or that already carried a part of this answer is not tried again; the message
 * is pushed. A push carries an {@code X-Line-Retry-Key} derived from the event and the text, so the
 * core's retries of one push are delivered once (LINE answers 409 to a key it already accepted).
 */
public final class LineClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI apiBase;
    private final PlatformCalls http;
    // Spent reply tokens: a bounded set, so the second part of a long answer goes straight to push.
    private final Cache<String, Boolean> spent = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(30)).build();

    /** {@code apiBase} is {@code https://api.line.me} in production. */
    public LineClient(URI apiBase, PlatformCalls http) {
        this.apiBase = apiBase;
        this.http = http;
    }

    /**
     * Posts one text message to {@code to} (a user, group or room id).
     *
     * @param replyToken the event's reply token, or null
     * @param eventId the event answered: with the text, the identity of a push for LINE's dedup
     */
    public PostedMessage post(String accessToken, String replyToken, String eventId, String to, String text) {
        if (replyToken != null && spent.getIfPresent(replyToken) == null) {
            HttpResponse<String> reply = http.send(request(accessToken, "/v2/bot/message/reply",
                    body("replyToken", replyToken, text), null));
            if (PlatformCalls.ok(reply)) {
                spent.put(replyToken, true);
                return new PostedMessage(to, sentId(reply.body()));
            }
            if (reply.statusCode() == 429 || reply.statusCode() >= 500) {
                throw http.failure(reply);
            }
            spent.put(replyToken, true);
        }
        if (to == null) {
            throw new PlatformCallException(400, null, "LINE reply token refused and no push target");
        }
        String retryKey = UUID.nameUUIDFromBytes((eventId + '\n' + text).getBytes(StandardCharsets.UTF_8)).toString();
        HttpResponse<String> push = http.send(request(accessToken, "/v2/bot/message/push", body("to", to, text), retryKey));
        if (PlatformCalls.ok(push) || push.statusCode() == 409) {
            return new PostedMessage(to, sentId(push.body()));
        }
        throw http.failure(push);
    }

    private HttpRequest request(String token, String path, String json, String retryKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(apiBase.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (retryKey != null) {
            b.header("X-Line-Retry-Key", retryKey);
        }
        return b.build();
    }

    static String body(String field, String value, String text) {
        ObjectNode root = JSON.createObjectNode().put(field, value);
        root.putArray("messages").addObject().put("type", "text").put("text", text);
        return root.toString();
    }

    private static String sentId(String body) {
        try {
            return JSON.readTree(body).path("sentMessages").path(0).path("id").asText(null);
        } catch (Exception e) {
            return null;
        }
    }
}
