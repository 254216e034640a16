package ai.factory.routing.backend;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a server-sent-events byte stream into whole events, whatever the network's chunking:
 * an event may arrive split across reads, or several in one read. Each event is returned with
 * its blank-line terminator, byte for byte as the backend sent it, so passing events on changes
 * nothing. Holds at most one incomplete event; an event larger than the limit is an error
 * rather than unbounded memory.
 */
public final class SseFramer {

    private final int maxEventBytes;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** The last bytes seen, to find "\n\n" or "\r\n\r\n" across read boundaries. */
    private int last1 = -1;
    private int last2 = -1;
    private int last3 = -1;

    public SseFramer(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /** Feeds one read; returns the events it completed (often one, sometimes none or several). */
    public List<byte[]> feed(ByteBuffer buffer) {
        List<byte[]> events = null;
        while (buffer.hasRemaining()) {
            int b = buffer.get() & 0xff;
            pending.write(b);
            boolean end = b == '\n' && (last1 == '\n' || (last1 == '\r' && last2 == '\n' && last3 == '\r'));
            last3 = last2;
            last2 = last1;
            last1 = b;
            if (end) {
                if (events == null) {
                    events = new ArrayList<>(2);
                }
                events.add(pending.toByteArray());
                pending.reset();
                last1 = last2 = last3 = -1;
            } else if (pending.size() > maxEventBytes) {
                throw new IllegalStateException("backend sent a server-sent event over " + maxEventBytes + " bytes");
            }
        }
        return events == null ? List.of() : events;
    }

    /** Bytes of an event the backend started but never finished (a cut stream), else empty. */
    public byte[] remainder() {
        return pending.toByteArray();
    }

    /** The event's {@code data:} payload (lines joined by newlines), or null for a comment-only event. */
    public static String data(byte[] event) {
        String text = new String(event, StandardCharsets.UTF_8);
        StringBuilder data = null;
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("data:")) {
                String value = line.substring(line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5);
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
        }
        return data == null ? null : data.toString();
    }
}
