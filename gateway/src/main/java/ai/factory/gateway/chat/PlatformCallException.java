package ai.factory.gateway.chat;

import java.time.Duration;

/**
 * A platform API call that failed. {@code retryable} for the platform's 429 and 5xx (and a lost
 * connection), with the platform's hint ({@code Retry-After}, Telegram's {@code retry_after}) when it
 * gave one; the core retries within a bounded budget and then drops the reply.
 */
public class PlatformCallException extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    public PlatformCallException(int status, Duration retryAfter, String message) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** The platform's wait hint, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean retryable() {
        return status == 429 || status >= 500 || status == 0;
    }
}
