package ai.factory.routing.kvevents;

/** A payload that is not a vLLM {@code KVEventBatch}; the message is skipped, never half-applied. */
public final class KvEventFormatException extends RuntimeException {

    public KvEventFormatException(String message) {
        super(message);
    }

    public KvEventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
