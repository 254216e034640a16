package ai.factory.products;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The one cl100k counter the catalog's limits and the gateway's estimates share. */
class TokenCounterTest {

    private static final TokenCounter TOKENS = new TokenCounter();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void counts_cl100k_tokens_and_nothing_for_no_text() {
        assertEquals(2, TOKENS.count("hello world"));
        assertEquals(2, TOKENS.countExactly("hello world"));
        assertEquals(0, TOKENS.count(null));
        assertEquals(0, TOKENS.count(""));
    }

    @Test
    void counts_a_special_token_spelled_in_the_input_as_plain_text() {
        assertTrue(TOKENS.countExactly("<|endoftext|>") > 1, "an input string is never a control token");
    }

    @Test
    void estimates_four_characters_a_token_past_the_exact_limit_but_counts_exactly_when_asked() {
        String text = "a ".repeat(150_000);
        assertEquals(75_000, TOKENS.count(text));
        assertTrue(TOKENS.countExactly(text) > 100_000, "one token per ' a' pair, not a quarter of the characters");
    }

    @Test
    void a_chat_prompt_adds_the_message_wrapping_to_each_message_text() throws Exception {
        assertEquals(3 + 4 + 2, TOKENS.prompt(body("{\"messages\":[{\"role\":\"user\",\"content\":\"hello world\"}]}")));
        assertEquals(3 + 4 + 2 + 4 + 2, TOKENS.prompt(body("{\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"hello world\"}]},{\"role\":\"user\",\"content\":\"hello world\",\"name\":null}]}")));
    }

    @Test
    void a_completion_or_embedding_prompt_counts_its_strings_and_one_per_token_id() throws Exception {
        assertEquals(2, TOKENS.prompt(body("{\"prompt\":\"hello world\"}")));
        assertEquals(4, TOKENS.prompt(body("{\"input\":[\"hello world\",\"hello world\"]}")));
        assertEquals(3, TOKENS.prompt(body("{\"prompt\":[1,2,3]}")));
        assertEquals(0, TOKENS.prompt(body("{\"model\":\"m\"}")));
    }
}
