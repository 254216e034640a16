package ai.factory.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.products.Product;
import ai.factory.products.ProductCatalog;
import org.junit.jupiter.api.Test;

class CommandsTest {

    private static final ProductCatalog CATALOG = ProductCatalog.load();

    private static Product product(String id) {
        return CATALOG.find(id).orElseThrow();
    }

    @Test
    void a_plain_message_is_chat_and_a_slash_word_is_a_command() {
        assertTrue(Commands.parse("  xin chào  ").chat());
        assertEquals(new Commands.Command("summarize", "the text"), Commands.parse("/Summarize the text"));
        assertEquals(new Commands.Command("help", ""), Commands.parse("/help@ExampleBot"));
    }

    @Test
    void translate_takes_the_language_first_and_refuses_an_unknown_one() {
        assertEquals("{\"target_language\":\"ja\",\"text\":\"good morning\"}",
                Commands.input(product("translate"), "ja good morning").toString());
        assertNull(Commands.input(product("translate"), "klingon good morning"));
        assertNull(Commands.input(product("translate"), "ja"));
    }

    @Test
    void minutes_and_any_other_product_fill_their_first_required_text_field() {
        assertEquals("meeting-minutes", Commands.productOf("minutes"));
        assertEquals("{\"transcript\":\"Lan: ship it\"}", Commands.input(product("meeting-minutes"), "Lan: ship it").toString());
        assertEquals("{\"text\":\"long text\"}", Commands.input(product("summarize"), "long text").toString());
        assertNull(Commands.input(product("summarize"), "   "), "no text: the usage line instead");
    }
}
