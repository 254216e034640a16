package ai.factory.gateway.sse;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * A relayed stream, one SSE event per item. The relay writes the events of one backend read
 * together (one write, not one per event), so a consumer inside the gateway that reads event by
 * event (MCP progress, the Responses translation, chat platforms) frames the pieces again.
 */
public final class RelayedEvents {

    private static final int MAX_EVENT_BYTES = 1024 * 1024;

    private RelayedEvents() {
    }

    public static Flux<byte[]> of(Publisher<byte[]> relayed) {
        return Flux.defer(() -> {
            EventFramer framer = new EventFramer(MAX_EVENT_BYTES);
            return Flux.from(relayed).concatMapIterable(framer::feed);
        });
    }
}
