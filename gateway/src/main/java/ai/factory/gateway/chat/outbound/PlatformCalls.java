package ai.factory.gateway.chat.outbound;

import ai.factory.gateway.chat.PlatformCallException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One call to a chat platform's API, any body (JSON, or the form of Teams' token endpoint) and any
 * header (Zalo's {@code access_token}), with the raw status for platforms that act on it (LINE
 * pushes after a 400 to its reply token, takes 409 as "already sent"). The core's
 * {@link ai.factory.gateway.chat.PlatformHttp} covers JSON posts; this one is for LINE, Teams and
 * Zalo, whose calls need the rest. One try only: the chat core retries a {@link PlatformCallException} that is
 * retryable (429, 5xx, no answer) after the platform's {@code Retry-After}, within its budget.
 * Exception messages carry the platform and status, never a user's text or a token.
 */
public final class PlatformCalls {

    private final HttpClient http;
    private final String platform;

    public PlatformCalls(String platform) {
        this(platform, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    public PlatformCalls(String platform, HttpClient http) {
        this.platform = platform;
        this.http = http;
    }

    /** The platform's answer, whatever its status; a lost connection or timeout is a retryable status 0. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PlatformCallException(0, null, platform + " API unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformCallException(0, null, platform + " API call interrupted");
        }
    }

    /** The failure a non-2xx answer stands for, with the platform's wait hint when it gave one. */
    public PlatformCallException failure(HttpResponse<String> response) {
        return new PlatformCallException(response.statusCode(),
                parseRetryAfter(response.headers().firstValue("retry-after").orElse(null)),
                platform + " API answered HTTP " + response.statusCode());
    }

    public static boolean ok(HttpResponse<?> response) {
        return response.statusCode() / 100 == 2;
    }

    /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
    public static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }
}
