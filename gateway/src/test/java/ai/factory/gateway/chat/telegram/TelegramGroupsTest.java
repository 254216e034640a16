package ai.factory.gateway.chat.telegram;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.chat.ChannelBinding;
import ai.factory.gateway.chat.ChannelCredentials;
import ai.factory.gateway.chat.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which Telegram messages start a turn: private chats and bound groups always, other groups only when addressed. */
class TelegramGroupsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChannelBinding BINDING = new ChannelBinding("ch_1", "acme", Platform.TELEGRAM, "777",
            "chat-assistant", Set.of(), 0, new ChannelCredentials(Map.of()), Set.of("-1001"));

    private static JsonNode message(String chat, String type, String text, String replyTo) throws Exception {
        return JSON.readTree("{\"message_id\":5,\"chat\":{\"id\":" + chat + ",\"type\":\"" + type + "\"},"
                + "\"from\":{\"id\":42,\"is_bot\":false},\"text\":\"" + text + "\"" + replyTo + "}");
    }

    private static boolean answers(JsonNode message) {
        return TelegramPlatform.answers(BINDING, message, message.path("chat").path("id").asText());
    }

    @Test
    void a_private_chat_and_a_bound_group_are_always_answered() throws Exception {
        assertTrue(answers(message("42", "private", "hello", "")));
        assertTrue(answers(message("-1001", "supergroup", "hello", "")));
    }

    @Test
    void another_groups_plain_message_is_not_answered_but_a_command_or_a_reply_to_the_bot_is() throws Exception {
        assertFalse(answers(message("-1002", "group", "hello all", "")));
        assertTrue(answers(message("-1002", "group", "/help", "")));
        assertTrue(answers(message("-1002", "group", "and in Japanese?",
                ",\"reply_to_message\":{\"message_id\":4,\"from\":{\"id\":777,\"is_bot\":true}}")));
        // A reply to another bot is not a reply to this one.
        assertFalse(answers(message("-1002", "group", "thanks",
                ",\"reply_to_message\":{\"message_id\":4,\"from\":{\"id\":888,\"is_bot\":true}}")));
    }
}
