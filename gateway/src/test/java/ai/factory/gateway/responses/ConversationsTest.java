package ai.factory.gateway.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.redis.RedisStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    void a_redis_failure_while_storing_serves_the_answer_and_marks_it_unstored() throws Exception {
        AsyncCommand<String, String, String> failed = new AsyncCommand<>(
                new Command<>(CommandType.SET, null));
        failed.completeExceptionally(new RedisConnectionException("connection refused"));
        List<String> called = new ArrayList<>();
        @SuppressWarnings("unchecked")
        RedisClusterAsyncCommands<String, String> commands =
                (RedisClusterAsyncCommands<String, String>) Proxy.newProxyInstance(
                        getClass().getClassLoader(), new Class<?>[] {RedisClusterAsyncCommands.class},
                        (proxy, method, args) -> {
                            called.add(method.getName());
                            return failed;
                        });
        RedisKeys keys = new RedisKeys(1);
        RedisStore redis = new RedisStore() {
            public RedisClusterAsyncCommands<String, String> async() {
                return commands;
            }

            public Link connect() {
                throw new UnsupportedOperationException();
            }

            public StatefulRedisPubSubConnection<String, String> connectPubSub() {
                throw new UnsupportedOperationException();
            }

            public RedisKeys keys() {
                return keys;
            }

            public boolean cluster() {
                return false;
            }
        };
        Conversations conversations = new Conversations(redis, JSON, new ResponsesConfig(Duration.ofHours(24), 256 * 1024));
        ObjectNode response = JSON.createObjectNode().put("id", "resp_1").put("store", true);

        conversations.keep("t", List.of(message("user", "a")), response).get(5, TimeUnit.SECONDS);

        assertEquals(List.of("set"), called, "it tried to store");
        assertEquals(false, response.get("store").asBoolean(), "the answer says it was not stored");
    }

    @Test
    void a_last_turn_larger_than_the_bound_is_not_stored() {
        assertNull(Conversations.fit(List.of(message("user", "x".repeat(500))), 100, JSON));
    }
}
