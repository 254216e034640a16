package ai.factory.routing.backend;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * A model server's answer: status and head first, then the body as it arrives. The body is a
 * cold {@link Flux}: nothing is read (and no bytes are buffered) until someone subscribes, and
 * cancelling it closes the backend connection so the server frees the sequence's GPU slot.
 */
public record BackendReply(int status, Map<String, List<String>> headers, Flux<ByteBuffer> body) {

    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
