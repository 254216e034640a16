package ai.factory.gateway.chat;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits an answer into messages no longer than a platform allows, never inside a surrogate pair
 * or a grapheme (a base letter and its combining marks, as in Vietnamese "ệ" written decomposed).
 * Prefers, in order, a line break, a space, then a sentence end of Japanese or Chinese (。！？、),
 * within the last half of the window; otherwise cuts at the last grapheme boundary. Joining the
 * parts gives back the text exactly.
 */
public final class MessageSplitter {

    private MessageSplitter() {
    }

    public static List<String> split(String text, int maxChars) {
        if (maxChars < 2) {
            throw new IllegalArgumentException("maxChars must be at least 2");
        }
        List<String> parts = new ArrayList<>();
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(text);
        int start = 0;
        while (text.length() - start > maxChars) {
            int limit = start + maxChars;
            int hard = graphemes.isBoundary(limit) ? limit : graphemes.preceding(limit);
            if (hard <= start) {
                // One grapheme longer than a whole message (absurd, but possible): cut at a code point.
                hard = Character.isLowSurrogate(text.charAt(limit)) ? limit - 1 : limit;
            }
            int cut = softCut(text, start + maxChars / 2, hard, graphemes);
            parts.add(text.substring(start, cut));
            start = cut;
        }
        if (start < text.length() || parts.isEmpty()) {
            parts.add(text.substring(start));
        }
        return parts;
    }

    private static int softCut(String text, int from, int hard, BreakIterator graphemes) {
        for (String marks : new String[] {"\n", " \t", "。！？、．，"}) {
            for (int i = hard - 1; i >= from; i--) {
                if (marks.indexOf(text.charAt(i)) >= 0 && graphemes.isBoundary(i + 1)) {
                    return i + 1;
                }
            }
        }
        return hard;
    }
}
