package ai.factory.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void chat_body_has_the_messages_in_order_and_the_options_set() throws Exception {
        String body = Bodies.chat("chat-default").system("be brief").user("hi \"there\"").maxTokens(5).stream()
                .includeUsage().temperature(0.5).json();

        assertEquals(JSON.readTree("""
                {"model":"chat-default","messages":[{"role":"system","content":"be brief"},
                 {"role":"user","content":"hi \\"there\\""}],"max_tokens":5,"stream":true,
                 "stream_options":{"include_usage":true},"temperature":0.5}"""), JSON.readTree(body));
    }

    @Test
    void put_writes_any_value_and_replaces_an_earlier_one() throws Exception {
        String body = Bodies.chat("m").stream(true).put("stream", false)
                .put("tools", List.of(Map.of("type", "function"))).put("meta", Bodies.object().put("a", 1)).json();

        assertEquals(JSON.readTree("""
                {"model":"m","messages":[],"stream":false,"tools":[{"type":"function"}],"meta":{"a":1}}"""),
                JSON.readTree(body));
    }

    @Test
    void embeddings_body_names_model_and_input() throws Exception {
        assertEquals(JSON.readTree("{\"model\":\"e\",\"input\":\"text\",\"dimensions\":2}"),
                JSON.readTree(Bodies.embeddings("e", "text").put("dimensions", 2).json()));
    }
}
