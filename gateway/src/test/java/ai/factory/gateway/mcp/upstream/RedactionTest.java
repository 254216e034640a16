package ai.factory.gateway.mcp.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Redaction redaction = new Redaction(List.of("Bearer sk-live-abcdef", "tok123456"));

    @Test
    void a_header_value_and_its_token_alone_are_replaced() {
        assertEquals("got [redacted] and [redacted] and [redacted]",
                redaction.text("got Bearer sk-live-abcdef and sk-live-abcdef and tok123456"));
    }

    @Test
    void every_string_of_a_result_tree_is_redacted() throws Exception {
        JsonNode tree = JSON.readTree("{\"content\":[{\"type\":\"text\",\"text\":\"key sk-live-abcdef\"}],"
                + "\"structuredContent\":{\"echo\":[\"tok123456\", 3]},\"isError\":false}");
        assertEquals("{\"content\":[{\"type\":\"text\",\"text\":\"key [redacted]\"}],"
                + "\"structuredContent\":{\"echo\":[\"[redacted]\",3]},\"isError\":false}",
                JSON.writeValueAsString(redaction.tree(tree)));
    }

    @Test
    void values_too_short_to_be_secrets_are_left_alone() {
        assertEquals("a b c 1", new Redaction(List.of("a", "1", "Basic b")).text("a b c 1"));
    }
}
