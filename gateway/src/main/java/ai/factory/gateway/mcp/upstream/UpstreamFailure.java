package ai.factory.gateway.mcp.upstream;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Why an upstream call did not happen or did not finish, as the gateway itself decides. */
final class UpstreamFailure {

    private UpstreamFailure() {
    }

    /** The upstream's circuit is open: the call is refused without reaching it. */
    static final class Open extends RuntimeException {
        final Duration retryAfter;

        Open(String upstream, Duration retryAfter) {
            super("the upstream MCP server '" + upstream + "' is failing; calls to it are paused", null, false, false);
            this.retryAfter = retryAfter;
        }
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
