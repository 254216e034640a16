package ai.factory.gateway.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode message(String role, String content) {
        return JSON.createObjectNode().put("role", role).put("content", content);
    }

    @Test
    void a_conversation_within_the_bound_is_stored_whole() throws Exception {
        List<JsonNode> messages = List.of(message("user", "a"), message("assistant", "b"));
        assertEquals(JSON.valueToTree(messages), JSON.readTree(Conversations.fit(messages, 10_000, JSON)));
    }

    @Test
    void beyond_the_bound_whole_oldest_turns_go_first_so_no_tool_result_loses_its_call() throws Exception {
        String big = "x".repeat(200);
        List<JsonNode> messages = List.of(message("user", big), message("assistant", big), message("tool", big),
                message("user", "q"), message("assistant", "a"));
        JsonNode kept = JSON.readTree(Conversations.fit(messages, 300, JSON));
        assertEquals(2, kept.size());
        assertEquals("q", kept.get(0).get("content").asText());
    }

    @Test
    void a_last_turn_larger_than_the_bound_is_not_stored() {
        assertNull(Conversations.fit(List.of(message("user", "x".repeat(500))), 100, JSON));
    }
}
