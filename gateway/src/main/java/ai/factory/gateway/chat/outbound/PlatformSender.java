package ai.factory.gateway.chat.outbound;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends one request to a chat platform and retries it on 429 and 5xx within a {@link RetryBudget},
 * waiting what the platform asks (Retry-After, seconds or an HTTP date). Asynchronous throughout:
 * waits are scheduled, never slept, so no thread is held while a platform says "later".
 */
public final class PlatformSender {

    private final HttpClient http;
    private final RetryBudget budget;

    public PlatformSender(HttpClient http, RetryBudget budget) {
        this.http = http;
        this.budget = budget;
    }

    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends the request {@code request} builds (built anew per try, for fresh tokens). */
    public CompletableFuture<SendResult> send(Supplier<HttpRequest> request) {
        return attempt(request, 1, Duration.ZERO);
    }

    private CompletableFuture<SendResult> attempt(Supplier<HttpRequest> request, int n, Duration waited) {
        return http.sendAsync(request.get(), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> response == null
                        ? new Answer(new SendResult(0, String.valueOf(failure), n), null)
                        : new Answer(new SendResult(response.statusCode(), response.body(), n),
                                response.headers().firstValue("retry-after").orElse(null)))
                .thenCompose(answer -> {
                    SendResult result = answer.result();
                    if (!SendResult.retryable(result.status()) || n >= budget.attempts()) {
                        return CompletableFuture.completedFuture(result);
                    }
                    Duration wait = waitFor(answer.retryAfter());
                    if (waited.plus(wait).compareTo(budget.total()) > 0) {
                        return CompletableFuture.completedFuture(result);
                    }
                    Executor later = CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS);
                    return CompletableFuture.supplyAsync(() -> null, later)
                            .thenCompose(ignored -> attempt(request, n + 1, waited.plus(wait)));
                });
    }

    Duration waitFor(String retryAfter) {
        Duration hinted = parseRetryAfter(retryAfter);
        Duration wait = hinted == null ? budget.fallbackWait() : hinted;
        return wait.compareTo(budget.maxWait()) > 0 ? budget.maxWait() : wait;
    }

    /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String value) {
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

    private record Answer(SendResult result, String retryAfter) {
    }
}
