package ai.factory.gateway.api.stage;

import ai.factory.gateway.api.Reply;
import ai.factory.gateway.api.ReplyRelay;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;

/**
 * Stage 6: the answer goes back to the client (a stream event by event, never collected) and
 * the request is settled when it ends. The bytes are handled by {@link ReplyRelay}.
 */
@Singleton
public class Relay {

    private final ReplyRelay relay;

    public Relay(ReplyRelay relay) {
        this.relay = relay;
    }

    public CompletableFuture<Reply> apply(Routed routed) {
        return relay.relay(routed);
    }

    /** A cache hit: the stored answer instead of a backend's. */
    public Reply replay(Admitted admitted) {
        return relay.replay(admitted);
    }
}
