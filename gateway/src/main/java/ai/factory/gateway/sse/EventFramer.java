package ai.factory.gateway.sse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a server-sent-events byte stream into whole events, whatever the network's chunking, on
 * bytes: each read is copied once into a buffer and scanned for the blank line ({@code \n\n} or
 * {@code \r\n\r\n}) that ends an event; no String, no per-byte stream writes. Each event is
 * returned with its terminator, byte for byte as sent. Holds at most one incomplete event; one
 * larger than the limit is an error rather than unbounded memory.
 */
public final class EventFramer {

    /** Past this, a mostly empty buffer is given back between reads (many streams sit idle at once). */
    private static final int KEEP_BYTES = 2048;

    private final int maxEventBytes;
    private byte[] buffer = new byte[256];
    private int length;
    /** Bytes of the held event already scanned: a read continues where the last one stopped. */
    private int scanned;

    public EventFramer(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /** Feeds one read; returns the events it completed (often one, sometimes none or several). */
    public List<byte[]> feed(ByteBuffer read) {
        int n = read.remaining();
        if (length + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
        }
        read.get(buffer, length, n);
        length += n;
        return cut();
    }

    /** Feeds bytes already in an array (a cached stream replayed). */
    public List<byte[]> feed(byte[] bytes) {
        return feed(ByteBuffer.wrap(bytes));
    }

    private List<byte[]> cut() {
        List<byte[]> events = null;
        byte[] b = buffer;
        int start = 0;
        for (int i = Math.max(scanned, 1); i < length; i++) {
            if (b[i] != '\n') {
                continue;
            }
            int at = i - start;
            if ((at >= 1 && b[i - 1] == '\n') || (at >= 3 && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r')) {
                if (i + 1 - start > maxEventBytes) {
                    throw tooLarge();
                }
                if (events == null) {
                    events = new ArrayList<>(2);
                }
                events.add(Arrays.copyOfRange(b, start, i + 1));
                start = i + 1;
            }
        }
        if (start > 0) {
            System.arraycopy(b, start, b, 0, length - start);
            length -= start;
        }
        scanned = length;
        if (b.length > KEEP_BYTES && length <= b.length / 4) {
            // A large read passed through: an idle stream holds only its partial event, not the read's size.
            buffer = Arrays.copyOf(b, Math.max(256, length * 2));
        }
        if (length > maxEventBytes) {
            throw tooLarge();
        }
        return events == null ? List.of() : events;
    }

    private IllegalStateException tooLarge() {
        return new IllegalStateException("backend sent a server-sent event over " + maxEventBytes + " bytes");
    }

    /** The bytes held for this stream between reads. */
    int capacity() {
        return buffer.length;
    }

    /** Bytes of an event the backend started but never finished (a cut stream), else empty. */
    public byte[] remainder() {
        return Arrays.copyOf(buffer, length);
    }
}
