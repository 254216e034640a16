package ai.factory.products;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class Cl100kTest {

    @Test
    void every_counter_shares_one_encoding() {
        var first = Cl100k.encoding();
        assertSame(first, Cl100k.encoding());
        assertEquals(2, first.countTokensOrdinary("hello world"));
        // The merged counter counts with the same tables.
        assertEquals(first.countTokensOrdinary("a longer sentence, with punctuation."),
                new TokenCounter().countExactly("a longer sentence, with punctuation."));
    }
}
