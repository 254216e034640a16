package ai.factory.routing.backend;

/**
 * Why a call to one endpoint failed, in terms a fallback decision and an operator both need:
 * what kind of failure, on which endpoint, and the detail the backend gave.
 */
public final class BackendFailure extends RuntimeException {

    /** How the call failed; decides retry, fallback and the status the client finally sees. */
    public enum Kind {
        /** Could not connect, or the connection was reset before a response head. */
        CONNECT,
        /** No response head within the first-byte timeout. */
        TIMEOUT,
        /** The backend answered 5xx. */
        SERVER_ERROR,
        /** The backend answered 429: its queue is full. */
        OVERLOADED,
        /** Every endpoint of the pool was at its concurrency cap; nothing was sent. */
        NO_CAPACITY,
        /**
         * SLO-aware admission held a lower tier back to keep a higher tier's time-to-first-token
         * objective on an overloaded pool; nothing was sent.
         */
        SHED
    }

    private final Kind kind;
    private final String where;
    private final int status;
    private final String retryAfter;

    public BackendFailure(Kind kind, String where, int status, String detail, String retryAfter, Throwable cause) {
        super(where + ": " + detail, cause, false, false);
        this.kind = kind;
        this.where = where;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public BackendFailure(Kind kind, String where, String detail) {
        this(kind, where, 0, detail, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The pool and endpoint that failed, e.g. {@code gpu-a@http://10.0.0.7:8000}. */
    public String where() {
        return where;
    }

    /** The backend's HTTP status, or 0 when it never answered. */
    public int status() {
        return status;
    }

    /** The backend's {@code retry-after}, when it sent one. */
    public String retryAfter() {
        return retryAfter;
    }
}
