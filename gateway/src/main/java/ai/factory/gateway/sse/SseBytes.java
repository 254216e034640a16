package ai.factory.gateway.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level reading of one SSE event and of the JSON in its {@code data:}: where the payload
 * is, whether a key with a given value shape is in it, and a JSON string's text. Enough to meter
 * a chunk without parsing it; the one chunk that carries {@code usage} is parsed properly.
 */
public final class SseBytes {

    /** The {@code data:} payload of an event: {@code bytes[from, to)}. */
    public record Payload(byte[] bytes, int from, int to) {

        public boolean is(byte[] literal) {
            if (to - from != literal.length) {
                return false;
            }
            for (int i = 0; i < literal.length; i++) {
                if (bytes[from + i] != literal[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private SseBytes() {
    }

    /** The event's data (lines joined by newlines, as the SSE rules say), or null for a comment-only event. */
    public static Payload data(byte[] event) {
        Payload first = null;
        ByteArrayOutputStream joined = null;
        int i = 0;
        while (i < event.length) {
            int end = i;
            while (end < event.length && event[end] != '\n' && event[end] != '\r') {
                end++;
            }
            if (end - i >= 5 && event[i] == 'd' && event[i + 1] == 'a' && event[i + 2] == 't' && event[i + 3] == 'a'
                    && event[i + 4] == ':') {
                int from = i + 5 < end && event[i + 5] == ' ' ? i + 6 : i + 5;
                if (first == null) {
                    first = new Payload(event, from, end);
                } else {
                    if (joined == null) {
                        joined = new ByteArrayOutputStream();
                        joined.write(event, first.from(), first.to() - first.from());
                    }
                    joined.write('\n');
                    joined.write(event, from, end - from);
                }
            }
            i = end < event.length && event[end] == '\r' && end + 1 < event.length && event[end + 1] == '\n' ? end + 2 : end + 1;
        }
        if (joined != null) {
            byte[] all = joined.toByteArray();
            return new Payload(all, 0, all.length);
        }
        return first;
    }

    /**
     * Where the value of the object key {@code quotedKey} (with its quotes) starts, or -1. A match
     * inside a string value is skipped: there a quote is always escaped by an odd run of backslashes.
     */
    public static int valueOf(byte[] b, int from, int to, byte[] quotedKey) {
        int i = from;
        while ((i = indexOf(b, i, to, quotedKey)) >= 0) {
            int at = i;
            i += quotedKey.length;
            if (escaped(b, from, at)) {
                continue;
            }
            int j = skipSpace(b, i, to);
            if (j < to && b[j] == ':') {
                return skipSpace(b, j + 1, to);
            }
        }
        return -1;
    }

    /** Decodes the JSON string whose opening quote is at {@code at} into {@code out}; returns the index past it, or -1. */
    public static int string(byte[] b, int at, int to, StringBuilder out) {
        int i = at + 1;
        int runStart = i;
        while (i < to) {
            byte c = b[i];
            if (c == '"') {
                out.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
                return i + 1;
            }
            if (c == '\\') {
                out.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
                if (i + 1 >= to) {
                    return -1;
                }
                byte e = b[i + 1];
                i += 2;
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (i + 4 > to) {
                            return -1;
                        }
                        out.append((char) Integer.parseInt(new String(b, i, 4, StandardCharsets.US_ASCII), 16));
                        i += 4;
                    }
                    default -> out.append((char) e);
                }
                runStart = i;
                continue;
            }
            i++;
        }
        return -1;
    }

    public static boolean startsWith(byte[] b, int at, int to, byte[] literal) {
        if (at < 0 || at + literal.length > to) {
            return false;
        }
        for (int k = 0; k < literal.length; k++) {
            if (b[at + k] != literal[k]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, int from, int to, byte[] needle) {
        byte first = needle[0];
        for (int i = from, last = to - needle.length; i <= last; i++) {
            if (b[i] == first && startsWith(b, i, to, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean escaped(byte[] b, int from, int quote) {
        int n = 0;
        for (int k = quote - 1; k >= from && b[k] == '\\'; k--) {
            n++;
        }
        return (n & 1) == 1;
    }

    private static int skipSpace(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }
}
