package ai.factory.gateway.chat.outbound;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a long answer into messages no longer than a platform's limit, measured the way that
 * platform counts. Cuts only between user-perceived characters (grapheme clusters), so never inside
 * a surrogate pair, a multi-byte character or a base letter and its combining marks (Vietnamese
 * written decomposed), and prefers the last line break or space in the second half of a message.
 * The parts joined give back the text exactly.
 */
public final class TextSplitter {

    /** How a platform counts a message's length. */
    public enum Measure {
        /** UTF-16 code units, as JavaScript's length (LINE, Zalo). */
        UTF16_UNITS,
        /** Bytes of UTF-8 (Teams bounds the activity's size). */
        UTF8_BYTES;

        int of(CharSequence s, int from, int to) {
            if (this == UTF16_UNITS) {
                return to - from;
            }
            int bytes = 0;
            for (int i = from; i < to; ) {
                int cp = Character.codePointAt(s, i);
                bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                i += Character.charCount(cp);
            }
            return bytes;
        }
    }

    private TextSplitter() {
    }

    public static List<String> split(String text, int limit, Measure measure) {
        if (limit < 4) {
            throw new IllegalArgumentException("limit too small: " + limit);
        }
        List<String> parts = new ArrayList<>();
        BreakIterator clusters = BreakIterator.getCharacterInstance(Locale.ROOT);
        clusters.setText(text);
        int start = 0;
        while (start < text.length()) {
            int end = start;
            int size = 0;
            int lastSpace = -1;
            for (int next = clusters.following(start); next != BreakIterator.DONE; next = clusters.next()) {
                int grown = size + measure.of(text, end, next);
                if (grown > limit) {
                    break;
                }
                size = grown;
                end = next;
                if (Character.isWhitespace(text.charAt(end - 1))) {
                    lastSpace = end;
                }
            }
            if (end == start) {
                end = oversizedCluster(text, start, limit, measure);
            } else if (end < text.length() && lastSpace > start + (end - start) / 2) {
                end = lastSpace;
            }
            parts.add(text.substring(start, end));
            start = end;
        }
        return parts;
    }

    /** A single cluster past the limit (a pathological run of combining marks): cut by code point. */
    private static int oversizedCluster(String text, int start, int limit, Measure measure) {
        int end = start + Character.charCount(text.codePointAt(start));
        while (end < text.length()) {
            int next = end + Character.charCount(text.codePointAt(end));
            if (measure.of(text, start, next) > limit) {
                break;
            }
            end = next;
        }
        return end;
    }
}
