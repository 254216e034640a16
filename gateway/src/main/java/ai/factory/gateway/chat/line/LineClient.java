package ai.factory.gateway.chat.line;

import ai.factory.gateway.chat.outbound.PlainText;
import ai.factory.gateway.chat.outbound.PlatformSender;
import ai.factory.gateway.chat.outbound.SendResult;
import ai.factory.gateway.chat.outbound.TextSplitter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Answers on LINE: the reply token first (free, but valid once and for a short while), then push
 * messages for what the reply could not carry or when the token had expired. A push carries an
 * {@code X-Line-Retry-Key} kept across its retries, so LINE delivers a retried push once.
 */
public final class LineClient {

    /** LINE's limit for one text message. */
    public static final int TEXT_LIMIT = 5000;
    /** LINE's limit of messages in one reply or push. */
    static final int MESSAGES_PER_CALL = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI apiBase;
    private final PlatformSender sender;

    /** {@code apiBase} is {@code https://api.line.me} in production. */
    public LineClient(URI apiBase, PlatformSender sender) {
        this.apiBase = apiBase;
        this.sender = sender;
    }

    /** The answer (Markdown) as plain-text messages: reply with the token, push the rest. */
    public CompletableFuture<SendResult> answer(String accessToken, String replyToken, String to, String markdown) {
        List<String> texts = TextSplitter.split(PlainText.fromMarkdown(markdown), TEXT_LIMIT,
                TextSplitter.Measure.UTF16_UNITS);
        List<String> first = texts.subList(0, Math.min(MESSAGES_PER_CALL, texts.size()));
        CompletableFuture<SendResult> head = replyToken == null
                ? CompletableFuture.completedFuture(new SendResult(400, "no reply token", 0))
                : post(accessToken, "/v2/bot/message/reply", body("replyToken", replyToken, first), null);
        return head.thenCompose(reply -> reply.delivered()
                ? pushFrom(accessToken, to, texts, MESSAGES_PER_CALL, reply)
                : pushFrom(accessToken, to, texts, 0, reply));
    }

    private CompletableFuture<SendResult> pushFrom(String token, String to, List<String> texts, int from,
            SendResult last) {
        if (from >= texts.size() || to == null) {
            return CompletableFuture.completedFuture(from >= texts.size() ? last : new SendResult(400, "no push target", 0));
        }
        List<String> batch = texts.subList(from, Math.min(from + MESSAGES_PER_CALL, texts.size()));
        String retryKey = UUID.randomUUID().toString();
        return post(token, "/v2/bot/message/push", body("to", to, batch), retryKey)
                .thenCompose(r -> acceptedPush(r) ? pushFrom(token, to, texts, from + MESSAGES_PER_CALL, r)
                        : CompletableFuture.completedFuture(r));
    }

    /** 409 to a push means LINE already accepted this retry key: a retry of a push that got through. */
    private static boolean acceptedPush(SendResult r) {
        return r.delivered() || r.status() == 409;
    }

    private CompletableFuture<SendResult> post(String token, String path, String json, String retryKey) {
        return sender.send(() -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(apiBase.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("authorization", "Bearer " + token)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            if (retryKey != null) {
                b.header("X-Line-Retry-Key", retryKey);
            }
            return b.build();
        });
    }

    static String body(String field, String value, List<String> texts) {
        ObjectNode root = JSON.createObjectNode().put(field, value);
        ArrayNode messages = root.putArray("messages");
        texts.forEach(t -> messages.addObject().put("type", "text").put("text", t));
        return root.toString();
    }
}
