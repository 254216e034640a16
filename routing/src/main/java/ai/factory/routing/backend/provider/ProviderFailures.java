package ai.factory.routing.backend.provider;

import ai.factory.routing.backend.BackendFailure;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * A LangChain4j error as the router's failure kinds, so a provider failing before its first
 * token is retried and fallen back from exactly like a GPU pool.
 */
final class ProviderFailures {

    private ProviderFailures() {
    }

    static BackendFailure classify(String where, Throwable error) {
        int status = status(error);
        String detail = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (detail.length() > 512) {
            detail = detail.substring(0, 512);
        }
        if (status == 429 || status == 529 || has(error, RateLimitException.class)) {
            // 529 is Anthropic's "overloaded": the provider's queue is full, as a vLLM 429.
            return new BackendFailure(BackendFailure.Kind.OVERLOADED, where, status == 0 ? 429 : status,
                    "HTTP " + (status == 0 ? 429 : status) + " " + detail, null, error);
        }
        if (status >= 500 || has(error, InternalServerException.class)) {
            return new BackendFailure(BackendFailure.Kind.SERVER_ERROR, where, status, "HTTP " + status + " " + detail, null, error);
        }
        if (has(error, TimeoutException.class) || has(error, HttpTimeoutException.class)) {
            return new BackendFailure(BackendFailure.Kind.TIMEOUT, where, 0, "timed out: " + detail, null, error);
        }
        return new BackendFailure(BackendFailure.Kind.CONNECT, where, status, (status > 0 ? "HTTP " + status + " " : "")
                + detail, null, error);
    }

    /** The provider's HTTP status, wherever in the cause chain LangChain4j put it; 0 when none. */
    static int status(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return http.statusCode();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return 0;
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
