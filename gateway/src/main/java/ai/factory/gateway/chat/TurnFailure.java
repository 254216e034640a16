package ai.factory.gateway.chat;

/**
 * A turn the pipeline refused or could not answer: the gateway's error (status, OpenAI error code)
 * and, for a limit, the seconds until it may be retried. Turned into a short sentence for the user.
 */
public class TurnFailure extends RuntimeException {

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public TurnFailure(int status, String code, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
