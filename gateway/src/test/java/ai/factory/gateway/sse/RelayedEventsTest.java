package ai.factory.gateway.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class RelayedEventsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_relayed_piece_holding_several_events_comes_out_one_event_per_item_in_order() {
        // What the relay writes: two events of one read joined, then an event cut across two pieces.
        Flux<byte[]> relayed = Flux.just(bytes("data: {\"a\":1}\n\ndata: {\"b\":2}\n\n"), bytes("data: {\"c\""),
                bytes(":3}\n\ndata: [DONE]\n\n"));
        List<String> events = RelayedEvents.of(relayed).map(e -> new String(e, StandardCharsets.UTF_8)).collectList()
                .block();
        assertEquals(List.of("data: {\"a\":1}\n\n", "data: {\"b\":2}\n\n", "data: {\"c\":3}\n\n", "data: [DONE]\n\n"),
                events);
    }

    @Test
    void each_subscription_frames_with_its_own_state() {
        Flux<byte[]> events = RelayedEvents.of(Flux.just(bytes("data: 1\n\ndata: 2\n\n")));
        assertEquals(2, events.count().block());
        assertEquals(2, events.count().block());
    }
}
