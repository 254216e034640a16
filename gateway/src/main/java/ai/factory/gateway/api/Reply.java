package ai.factory.gateway.api;

import io.micronaut.http.MutableHttpResponse;

/**
 * What the pipeline answered, typed: the HTTP response to send, its status, and for a whole
 * (non-streamed) answer its bytes as the backend or the cache gave them, so a caller inside the
 * gateway (a product) reads the answer without taking the response apart.
 *
 * @param body the whole answer, or null for a stream or an error the gateway made
 */
public record Reply(MutableHttpResponse<?> http, int status, byte[] body) {

    public static Reply whole(MutableHttpResponse<?> http, int status, byte[] body) {
        return new Reply(http, status, body);
    }

    /** A stream, or an error the gateway made: nothing to read but the response itself. */
    public static Reply of(MutableHttpResponse<?> http) {
        return new Reply(http, http.code(), null);
    }

    public boolean ok() {
        return status == 200 && body != null;
    }
}
