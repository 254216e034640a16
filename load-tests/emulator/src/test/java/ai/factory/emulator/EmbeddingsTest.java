package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {

    private Emulator emulator;
    private TestClient client;

    @BeforeEach
    void start() {
        emulator = Emulator.start(EmulatorConfig.builder().ttftMillis(1).embeddingDimensions(16).build());
        client = new TestClient(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void embeds_each_input_as_a_unit_vector_of_configured_dimensions() {
        JsonNode body = embed("{\"model\":\"e\",\"input\":[\"first text\",\"second one here\"]}");

        assertEquals("list", body.get("object").asText());
        assertEquals("e", body.get("model").asText());
        assertEquals(2, body.get("data").size());
        for (int i = 0; i < 2; i++) {
            JsonNode item = body.get("data").get(i);
            assertEquals("embedding", item.get("object").asText());
            assertEquals(i, item.get("index").asInt());
            double[] vector = vector(item.get("embedding"));
            assertEquals(16, vector.length);
            assertEquals(1.0, Math.sqrt(Arrays.stream(vector).map(v -> v * v).sum()), 1e-4);
        }
        assertEquals(5, body.get("usage").get("prompt_tokens").asInt());
        assertEquals(5, body.get("usage").get("total_tokens").asInt());
    }

    @Test
    void same_input_embeds_to_the_same_vector_and_different_inputs_do_not() {
        double[] a1 = vector(embed("{\"model\":\"e\",\"input\":\"alpha\"}").get("data").get(0).get("embedding"));
        double[] a2 = vector(embed("{\"model\":\"e\",\"input\":[\"beta\",\"alpha\"]}").get("data").get(1)
                .get("embedding"));
        double[] b = vector(embed("{\"model\":\"e\",\"input\":\"beta\"}").get("data").get(0).get("embedding"));

        assertArrayEquals(a1, a2);
        assertFalse(Arrays.equals(a1, b));
    }

    @Test
    void honours_dimensions_and_base64_encoding() {
        JsonNode floats = embed("{\"model\":\"e\",\"input\":\"gamma\",\"dimensions\":8}");
        JsonNode base64 = embed("{\"model\":\"e\",\"input\":\"gamma\",\"dimensions\":8,\"encoding_format\":\"base64\"}");

        double[] expected = vector(floats.get("data").get(0).get("embedding"));
        assertEquals(8, expected.length);
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(
                base64.get("data").get(0).get("embedding").asText())).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8 * 4, bytes.remaining());
        for (double v : expected) {
            assertEquals(v, bytes.getFloat(), 1e-6);
        }
    }

    @Test
    void missing_input_is_400() {
        assertEquals(400, client.post("/v1/embeddings", "{\"model\":\"e\"}").statusCode());
    }

    private JsonNode embed(String request) {
        var response = client.post("/v1/embeddings", request);
        assertEquals(200, response.statusCode(), response.body());
        return TestClient.parse(response.body());
    }

    private static double[] vector(JsonNode array) {
        double[] vector = new double[array.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = array.get(i).asDouble();
        }
        return vector;
    }
}
