package ai.factory.routing.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseFramerTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void event_split_at_every_possible_byte_is_reassembled_whole() {
        String stream = "data: {\"a\":1}\n\ndata: {\"b\":\"\u00e9\u65e5\"}\n\ndata: [DONE]\n\n";
        byte[] all = stream.getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < all.length; cut++) {
            SseFramer framer = new SseFramer(1024);
            List<String> events = new ArrayList<>();
            framer.feed(ByteBuffer.wrap(all, 0, cut)).forEach(e -> events.add(text(e)));
            framer.feed(ByteBuffer.wrap(all, cut, all.length - cut)).forEach(e -> events.add(text(e)));
            assertEquals(List.of("data: {\"a\":1}\n\n", "data: {\"b\":\"\u00e9\u65e5\"}\n\n", "data: [DONE]\n\n"), events,
                    "cut at byte " + cut);
            assertEquals(0, framer.remainder().length);
        }
    }

    @Test
    void crlf_separated_events_are_framed() {
        SseFramer framer = new SseFramer(1024);
        List<byte[]> events = framer.feed(bytes("data: one\r\n\r\ndata: two\r\n\r\n"));
        assertEquals(2, events.size());
        assertEquals("two", SseFramer.data(events.get(1)));
    }

    @Test
    void unfinished_event_stays_in_the_remainder() {
        SseFramer framer = new SseFramer(1024);
        assertEquals(1, framer.feed(bytes("data: whole\n\ndata: hal")).size());
        assertArrayEquals("data: hal".getBytes(StandardCharsets.UTF_8), framer.remainder());
    }

    @Test
    void oversized_event_is_refused_rather_than_buffered() {
        SseFramer framer = new SseFramer(16);
        assertThrows(IllegalStateException.class, () -> framer.feed(bytes("data: " + "x".repeat(64))));
    }

    @Test
    void data_joins_multi_line_payloads_and_ignores_comments() {
        assertEquals("a\nb", SseFramer.data("data: a\ndata: b\n\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("x", SseFramer.data(": keep-alive\ndata:x\n\n".getBytes(StandardCharsets.UTF_8)));
        assertNull(SseFramer.data(": ping\n\n".getBytes(StandardCharsets.UTF_8)));
    }
}
