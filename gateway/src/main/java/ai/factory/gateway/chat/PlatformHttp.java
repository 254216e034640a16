package ai.factory.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Blocking JSON calls to the platforms' APIs, for the chat workers. A 429 or 5xx (or a lost
 * connection) becomes a retryable {@link PlatformCallException} carrying {@code Retry-After}; the
 * platform reads its own error bodies for anything finer (Telegram's {@code retry_after}).
 */
@Singleton
public class PlatformHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;

    public PlatformHttp(ObjectMapper json) {
        this.json = json;
    }

    public ObjectMapper json() {
        return json;
    }

    /** POSTs {@code body} as JSON; returns the status and the parsed answer (an empty object if not JSON). */
    public Reply postJson(String url, Map<String, String> headers, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("content-type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            headers.forEach(b::header);
            HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode answer;
            try {
                answer = json.readTree(response.body());
            } catch (IOException notJson) {
                answer = json.createObjectNode();
            }
            Duration retryAfter = response.headers().firstValue("retry-after").map(PlatformHttp::seconds).orElse(null);
            return new Reply(response.statusCode(), answer == null ? json.createObjectNode() : answer, retryAfter);
        } catch (IOException e) {
            throw new PlatformCallException(0, null, "platform API unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformCallException(0, null, "interrupted");
        }
    }

    /** A platform's answer. */
    public record Reply(int status, JsonNode body, Duration retryAfter) {

        /** Throws the retryable failure for a 429 or 5xx. */
        public Reply requireNotThrottled(String what) {
            if (status == 429 || status >= 500) {
                throw new PlatformCallException(status, retryAfter, what + " answered " + status);
            }
            return this;
        }
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
