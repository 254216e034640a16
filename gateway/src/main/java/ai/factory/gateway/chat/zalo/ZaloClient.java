package ai.factory.gateway.chat.zalo;

import ai.factory.gateway.chat.outbound.PlainText;
import ai.factory.gateway.chat.outbound.PlatformSender;
import ai.factory.gateway.chat.outbound.SendResult;
import ai.factory.gateway.chat.outbound.TextSplitter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers a Zalo user through the OA message API ({@code POST /v3.0/oa/message/cs}, the OA's
 * {@code access_token} header), as plain text in messages of at most 2,000 characters. Zalo
 * reports failures as HTTP 200 with a non-zero {@code error}: those come back as status 422 with
 * Zalo's body, so a refused message is never taken for a delivered one.
 */
public final class ZaloClient {

    /** Zalo's limit for one text message. */
    public static final int TEXT_LIMIT = 2000;
    public static final URI API = URI.create("https://openapi.zalo.me");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI apiBase;
    private final PlatformSender sender;

    public ZaloClient(URI apiBase, PlatformSender sender) {
        this.apiBase = apiBase;
        this.sender = sender;
    }

    public CompletableFuture<SendResult> send(String accessToken, String userId, String markdown) {
        List<String> parts = TextSplitter.split(PlainText.fromMarkdown(markdown), TEXT_LIMIT,
                TextSplitter.Measure.UTF16_UNITS);
        return post(accessToken, userId, parts, 0, null);
    }

    private CompletableFuture<SendResult> post(String token, String userId, List<String> parts, int i,
            SendResult last) {
        if (i >= parts.size()) {
            return CompletableFuture.completedFuture(last);
        }
        ObjectNode body = JSON.createObjectNode();
        body.putObject("recipient").put("user_id", userId);
        body.putObject("message").put("text", parts.get(i));
        String json = body.toString();
        return sender.send(() -> HttpRequest.newBuilder(apiBase.resolve("/v3.0/oa/message/cs"))
                        .timeout(Duration.ofSeconds(10))
                        .header("access_token", token)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build())
                .thenApply(ZaloClient::zaloOutcome)
                .thenCompose(r -> r.delivered() ? post(token, userId, parts, i + 1, r)
                        : CompletableFuture.completedFuture(r));
    }

    static SendResult zaloOutcome(SendResult r) {
        if (!r.delivered()) {
            return r;
        }
        try {
            JsonNode error = JSON.readTree(r.body()).path("error");
            return error.isMissingNode() || error.asInt(-1) == 0 ? r : new SendResult(422, r.body(), r.attempts());
        } catch (java.io.IOException | RuntimeException e) {
            return new SendResult(422, r.body(), r.attempts());
        }
    }
}
