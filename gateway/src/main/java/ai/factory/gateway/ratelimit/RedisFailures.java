package ai.factory.gateway.ratelimit;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * What a failed Redis call means for admission. Only a Redis that cannot be reached (connection
 * lost, or rejected while reconnecting), a transient server state (loading, busy, a cluster
 * failing over) or no answer in time is an outage, handled by the fail-open/fail-closed policy.
 * Anything else (a script error, a key of the wrong type, a reply the gateway cannot read) is a
 * bug or corrupt data: admitting on it would silently switch the limits off, so it fails closed.
 */
public enum RedisFailures {
    /** No answer in time: the script may have run, so its reservation must be compensated. */
    TIMEOUT,
    /** Redis unreachable or transiently unable to serve. */
    UNAVAILABLE,
    /** Redis answered with an error, or with something unreadable. */
    ERROR;

    /** Server errors that say "not now" rather than "never": retried later, treated as an outage. */
    private static final List<String> TRANSIENT = List.of("LOADING", "BUSY", "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN",
            "READONLY", "NOSCRIPT", "MOVED", "ASK");

    public static RedisFailures of(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof TimeoutException || t instanceof RedisCommandTimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof RedisCommandExecutionException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            return TRANSIENT.stream().anyMatch(p -> message.startsWith(p + " ") || message.equals(p))
                    ? UNAVAILABLE : ERROR;
        }
        if (t instanceof RedisConnectionException || t instanceof RedisCommandInterruptedException
                || t instanceof IOException) {
            return UNAVAILABLE;
        }
        // Lettuce's own client-side conditions ("Currently not connected", "Connection closed",
        // no node for a slot during a failover) are plain RedisExceptions.
        if (t != null && t.getClass() == RedisException.class) {
            return UNAVAILABLE;
        }
        return ERROR;
    }

    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
