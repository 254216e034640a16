package ai.factory.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    private static final String JAPANESE = "東京の会議は午後三時に始まります。議題は新しい製品の発表と来年度の予算です。🍣🗾";

    @Test
    void ten_thousand_japanese_characters_split_within_the_limit_and_join_back_intact() {
        StringBuilder answer = new StringBuilder();
        while (answer.length() < 10_000) {
            answer.append(JAPANESE);
        }
        String text = answer.substring(0, 10_000 - (Character.isHighSurrogate(answer.charAt(9_999)) ? 1 : 0));
        List<String> parts = MessageSplitter.split(text, 4096);
        assertEquals(3, parts.size());
        assertEquals(text, String.join("", parts));
        for (String part : parts) {
            assertTrue(part.length() <= 4096, "part of " + part.length());
            assertFalse(Character.isLowSurrogate(part.charAt(0)), "a part starts inside a surrogate pair");
            assertFalse(Character.isHighSurrogate(part.charAt(part.length() - 1)), "a part ends inside a surrogate pair");
        }
        // Cut after a sentence end, not in the middle of one.
        assertTrue(parts.get(0).endsWith("。") || parts.get(0).endsWith("、"), parts.get(0).substring(4000));
    }

    @Test
    void decomposed_vietnamese_is_never_cut_between_a_letter_and_its_marks() {
        String word = Normalizer.normalize("Việt Nam nghiêng người", Normalizer.Form.NFD).replace(" ", "");
        String text = word.repeat(40);
        for (int max = 5; max < 40; max++) {
            List<String> parts = MessageSplitter.split(text, max);
            assertEquals(text, String.join("", parts));
            for (String part : parts) {
                assertTrue(part.length() <= max);
                assertFalse(Character.getType(part.charAt(0)) == Character.NON_SPACING_MARK,
                        "part starts with a combining mark at max " + max);
            }
        }
    }

    @Test
    void prefers_a_line_break_to_cutting_a_line() {
        String text = "first line of the answer\nsecond line of the answer";
        assertEquals(List.of("first line of the answer\n", "second line of the answer"), MessageSplitter.split(text, 30));
    }

    @Test
    void short_text_is_one_part() {
        assertEquals(List.of("xin chào"), MessageSplitter.split("xin chào", 4096));
    }
}
