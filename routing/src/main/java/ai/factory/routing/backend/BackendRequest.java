package ai.factory.routing.backend;

import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Map;

/**
 * One call to a model server: an OpenAI path and a JSON body that the gateway already rewrote
 * (served model name, stream options); everything else in the body is the client's, untouched.
 *
 * @param headers extra headers to forward (request id, tenant-approved pass-through headers)
 * @param firstByteTimeout how long to wait for the response head; for vLLM that covers the queue
 *     wait, since it sends headers when the sequence is scheduled
 * @param traceContext the caller's trace context, so the backend span is its child
 */
public record BackendRequest(
        String path,
        byte[] body,
        boolean stream,
        Map<String, String> headers,
        Duration firstByteTimeout,
        Context traceContext) {

    public BackendRequest {
        headers = Map.copyOf(headers);
    }

    public BackendRequest withFirstByteTimeout(Duration timeout) {
        return new BackendRequest(path, body, stream, headers, timeout, traceContext);
    }

    public BackendRequest withBody(byte[] newBody) {
        return new BackendRequest(path, newBody, stream, headers, firstByteTimeout, traceContext);
    }
}
