package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StructuredOutputTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"name\":{\"type\":\"string\",\"minLength\":12},"
            + "\"age\":{\"type\":\"integer\",\"minimum\":18,\"maximum\":99},"
            + "\"score\":{\"type\":\"number\"},"
            + "\"active\":{\"type\":\"boolean\"},"
            + "\"tier\":{\"type\":\"string\",\"enum\":[\"gold\",\"silver\"]},"
            + "\"email\":{\"type\":\"string\",\"format\":\"email\"},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":2},"
            + "\"address\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"]},"
            + "\"nickname\":{\"type\":\"string\"}},"
            + "\"required\":[\"name\",\"age\",\"score\",\"active\",\"tier\",\"email\",\"tags\",\"address\"]}";
    private static final String FORMAT = "\"response_format\":{\"type\":\"json_schema\","
            + "\"json_schema\":{\"name\":\"person\",\"strict\":true,\"schema\":" + SCHEMA + "}}";

    private Emulator emulator;
    private TestClient client;

    @BeforeEach
    void start() {
        emulator = Emulator.start(EmulatorConfig.profile("fast"));
        client = new TestClient(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void json_schema_answer_has_every_required_field_with_its_type() {
        JsonNode body = TestClient.parse(client.post("/v1/chat/completions",
                TestClient.chat("m", "describe a person", FORMAT)).body());

        JsonNode person = TestClient.parse(body.get("choices").get(0).get("message").get("content").asText());
        assertPerson(person);
        assertEquals("stop", body.get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void json_schema_answer_streams_in_several_chunks_that_join_to_valid_json() {
        TestClient.Stream stream = client.stream("/v1/chat/completions", TestClient.chat("m", "describe",
                FORMAT + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        List<JsonNode> chunks = stream.chunks();
        StringBuilder content = new StringBuilder();
        for (JsonNode chunk : chunks.subList(1, chunks.size() - 1)) {
            content.append(chunk.get("choices").get(0).get("delta").get("content").asText());
        }
        assertTrue(chunks.size() - 2 > 3, "several content chunks");
        assertEquals(chunks.size() - 2, chunks.get(chunks.size() - 1).get("usage").get("completion_tokens").asInt());
        assertPerson(TestClient.parse(content.toString()));
    }

    @Test
    void json_object_mode_answers_a_json_object() {
        JsonNode body = TestClient.parse(client.post("/v1/chat/completions",
                TestClient.chat("m", "json please", "\"response_format\":{\"type\":\"json_object\"}")).body());

        assertTrue(TestClient.parse(body.get("choices").get(0).get("message").get("content").asText()).isObject());
    }

    @Test
    void unknown_response_format_is_400() {
        assertEquals(400, client.post("/v1/chat/completions",
                TestClient.chat("m", "x", "\"response_format\":{\"type\":\"yaml\"}")).statusCode());
    }

    private static void assertPerson(JsonNode person) {
        assertTrue(person.get("name").isTextual());
        assertTrue(person.get("name").asText().length() >= 12);
        assertTrue(person.get("age").isIntegralNumber());
        assertTrue(person.get("age").asInt() >= 18 && person.get("age").asInt() <= 99);
        assertTrue(person.get("score").isNumber());
        assertTrue(person.get("active").isBoolean());
        assertTrue(List.of("gold", "silver").contains(person.get("tier").asText()));
        assertTrue(person.get("email").asText().contains("@"));
        assertTrue(person.get("tags").isArray() && person.get("tags").size() >= 2);
        assertTrue(person.get("tags").get(0).isTextual());
        assertTrue(person.get("address").get("city").isTextual());
    }
}
