package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeneratorTest {

    @Test
    void counts_whitespace_separated_words() {
        assertEquals(0, Generator.countWords("   "));
        assertEquals(3, Generator.countWords(" a\tb\n c "));
    }

    @Test
    void natural_length_stays_in_its_range_and_depends_on_the_prompt() {
        for (int i = 0; i < 1000; i++) {
            int length = Generator.naturalLength(Generator.hash("prompt " + i, 42));
            assertTrue(length >= Generator.MIN_NATURAL_LENGTH && length <= Generator.MAX_NATURAL_LENGTH);
        }
        assertNotEquals(Generator.text(Generator.hash("a", 42), 100, false).text(),
                Generator.text(Generator.hash("b", 42), 100, false).text());
    }

    @Test
    void the_seed_changes_the_words() {
        assertNotEquals(Generator.text(Generator.hash("same", 1), 100, false).text(),
                Generator.text(Generator.hash("same", 2), 100, false).text());
    }

    @Test
    void json_pieces_join_back_to_the_document() {
        String document = "{\"answer\":\"a fairly long value\",\"n\":12345}";
        Generator.Output output = Generator.json(document, null);

        assertEquals(document, output.text());
        assertEquals("stop", output.finishReason());
        assertEquals(3, Generator.json(document, 3).tokens().size());
        assertEquals("length", Generator.json(document, 3).finishReason());
    }
}
