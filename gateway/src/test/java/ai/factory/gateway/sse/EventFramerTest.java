package ai.factory.gateway.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFramerTest {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String data(String event) {
        SseBytes.Payload p = SseBytes.data(event.getBytes(StandardCharsets.UTF_8));
        return p == null ? null : new String(p.bytes(), p.from(), p.to() - p.from(), StandardCharsets.UTF_8);
    }

    @Test
    void events_split_at_every_pair_of_bytes_are_reassembled_whole() {
        String stream = "data: {\"a\":1}\n\ndata: {\"b\":\"\u00e9\u65e5\"}\r\n\r\n: ping\n\ndata: [DONE]\n\n";
        List<String> expected = List.of("data: {\"a\":1}\n\n", "data: {\"b\":\"\u00e9\u65e5\"}\r\n\r\n", ": ping\n\n", "data: [DONE]\n\n");
        byte[] all = stream.getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < all.length; cut++) {
            for (int cut2 = cut; cut2 < all.length; cut2++) {
                EventFramer framer = new EventFramer(1024);
                List<String> events = new ArrayList<>();
                framer.feed(ByteBuffer.wrap(all, 0, cut)).forEach(e -> events.add(text(e)));
                framer.feed(ByteBuffer.wrap(all, cut, cut2 - cut)).forEach(e -> events.add(text(e)));
                framer.feed(ByteBuffer.wrap(all, cut2, all.length - cut2)).forEach(e -> events.add(text(e)));
                assertEquals(expected, events, "cut at " + cut + ", " + cut2);
                assertEquals(0, framer.remainder().length);
            }
        }
    }

    @Test
    void an_unfinished_event_is_held_and_a_lone_newline_does_not_end_one() {
        EventFramer framer = new EventFramer(1024);
        assertEquals(1, framer.feed("data: whole\n\ndata: hal".getBytes(StandardCharsets.UTF_8)).size());
        assertEquals(0, framer.feed("f\n".getBytes(StandardCharsets.UTF_8)).size());
        assertEquals(0, framer.feed("\r\n".getBytes(StandardCharsets.UTF_8)).size(), "\\n\\r\\n is not a blank line");
        assertArrayEquals("data: half\n\r\n".getBytes(StandardCharsets.UTF_8), framer.remainder());
    }

    @Test
    void an_oversized_event_is_refused_whether_finished_or_not() {
        assertThrows(IllegalStateException.class, () -> new EventFramer(16).feed(("data: " + "x".repeat(64)).getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalStateException.class, () -> new EventFramer(16).feed(("data: " + "x".repeat(64) + "\n\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_large_read_leaves_only_the_partial_event_held() {
        EventFramer framer = new EventFramer(1 << 20);
        String many = "data: {\"x\":1}\n\n".repeat(2000) + "data: par";
        assertEquals(2000, framer.feed(many.getBytes(StandardCharsets.UTF_8)).size());
        assertEquals(256, framer.capacity(), "the read's 30 KB are not kept by an idle stream");
        assertEquals(List.of("data: part\n\n"), framer.feed("t\n\n".getBytes(StandardCharsets.UTF_8)).stream().map(EventFramerTest::text).toList());
    }

    @Test
    void the_data_payload_is_found_on_bytes() {
        assertEquals("{\"a\":1}", data("data: {\"a\":1}\n\n"));
        assertEquals("x", data(": keep-alive\ndata:x\n\n"));
        assertEquals("a\nb", data("data: a\r\ndata: b\r\n\r\n"));
        assertEquals("", data("data:\n\n"));
        assertNull(data(": ping\n\n"));
        assertNull(data("event: x\n\n"));
    }

    @Test
    void a_key_inside_a_string_value_is_not_taken_for_a_key() {
        byte[] b = "{\"text\":\"say \\\"usage\\\": {} \\\\\",\"usage\" : {\"a\":1}}".getBytes(StandardCharsets.UTF_8);
        int at = SseBytes.valueOf(b, 0, b.length, "\"usage\"".getBytes(StandardCharsets.US_ASCII));
        assertEquals('{', b[at]);
        assertEquals("{\"a\":1}}", new String(b, at, b.length - at, StandardCharsets.UTF_8));
        byte[] value = "{\"a\":\"usage\",\"b\":[\"usage\"]}".getBytes(StandardCharsets.UTF_8);
        assertEquals(-1, SseBytes.valueOf(value, 0, value.length, "\"usage\"".getBytes(StandardCharsets.US_ASCII)), "a value, not a key");
    }

    @Test
    void json_strings_are_decoded_with_their_escapes() {
        StringBuilder out = new StringBuilder();
        byte[] b = "\"a\\n\\\"b\\\" \\u00e9\u65e5\\\\\" tail".getBytes(StandardCharsets.UTF_8);
        int next = SseBytes.string(b, 0, b.length, out);
        assertEquals("a\n\"b\" \u00e9\u65e5\\", out.toString());
        assertEquals(' ', b[next]);
        assertEquals(-1, SseBytes.string("\"open".getBytes(StandardCharsets.UTF_8), 0, 5, new StringBuilder()));
    }
}
