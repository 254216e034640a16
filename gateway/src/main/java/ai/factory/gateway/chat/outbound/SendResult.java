package ai.factory.gateway.chat.outbound;

/**
 * How one platform call ended after its retries.
 *
 * @param status the last HTTP status, or 0 when no answer came (connection refused, timeout)
 * @param body the last response body (the platform's error detail); never a user's message
 * @param attempts how many tries were made
 */
public record SendResult(int status, String body, int attempts) {

    public boolean delivered() {
        return status >= 200 && status < 300;
    }

    /** True for the statuses worth another try: rate limited or the platform failing. */
    public static boolean retryable(int status) {
        return status == 429 || status >= 500 || status == 0;
    }
}
