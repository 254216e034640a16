package ai.factory.gateway.chat.zalo;

import ai.factory.gateway.chat.PlatformCallException;
import ai.factory.gateway.chat.PostedMessage;
import ai.factory.gateway.chat.outbound.PlatformCalls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Answers a Zalo user through the OA message API ({@code POST /v3.0/oa/message/cs} with the OA's
 * {@code access_token} header). Zalo reports refusals as HTTP 200 with a non-zero {@code error}:
 * those are failures too (not retried: a bad token or a user outside the reply window stays so).
 */
public final class ZaloClient {

    public static final URI API = URI.create("https://openapi.zalo.me");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI apiBase;
    private final PlatformCalls http;

    public ZaloClient(URI apiBase, PlatformCalls http) {
        this.apiBase = apiBase;
        this.http = http;
    }

    public PostedMessage send(String accessToken, String userId, String text) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("recipient").put("user_id", userId);
        body.putObject("message").put("text", text);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(apiBase.resolve("/v3.0/oa/message/cs"))
                .timeout(Duration.ofSeconds(10))
                .header("access_token", accessToken)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        if (!PlatformCalls.ok(r)) {
            throw http.failure(r);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(r.body());
        } catch (Exception e) {
            throw new PlatformCallException(502, null, "Zalo API answered no JSON");
        }
        int error = answer.path("error").asInt(0);
        if (error != 0) {
            throw new PlatformCallException(422, null, "Zalo API refused the message: error " + error);
        }
        return new PostedMessage(userId, answer.path("data").path("message_id").asText(null));
    }
}
