package ai.factory.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/embeddings}: one deterministic unit vector per input, seeded by a hash of the
 * input text, so equal inputs embed equally and different inputs almost never do. An embedding
 * model answers in one forward pass: the reply comes after {@code ttft} (plus any spike), and
 * embeddings do not take generation batch slots.
 */
final class EmbeddingHandler {

    private final Engine engine;

    EmbeddingHandler(Engine engine) {
        this.engine = engine;
    }

    void handle(JsonNode body, ResponseWriter writer) {
        EmulatorConfig config = engine.config();
        String model = Requests.model(body, config);
        List<String> inputs = inputs(body.get("input"));
        int dimensions = dimensions(body, config);
        boolean base64 = "base64".equals(body.path("encoding_format").asText("float"));
        FailureInjector.Fault fault = engine.decideFault(config);
        if (fault.error()) {
            engine.metrics().injectedErrors.increment();
            writer.respondError(ApiError.injected(config.errorStatus(), config.errorRate()));
            return;
        }
        Runnable reply = () -> {
            if (fault.drops()) {
                engine.metrics().dropped.increment();
                writer.abort();
                return;
            }
            engine.metrics().embeddings.increment();
            writer.respondJson(HttpResponseStatus.OK, response(writer, model, inputs, dimensions, base64,
                    config.seed()));
        };
        long delay = config.ttftMillis() + fault.spikeMillis();
        if (delay <= 0) {
            reply.run();
        } else {
            Future<?> timer = writer.executor().schedule(reply, delay, TimeUnit.MILLISECONDS);
            writer.onClientGone(() -> timer.cancel(false));
        }
    }

    /** A unit vector of {@code dimensions} floats drawn from a generator seeded by the text. */
    static float[] vector(String text, int dimensions, long seed) {
        SplittableRandom random = new SplittableRandom(Generator.hash(text, seed));
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }
        float scale = (float) (1 / Math.sqrt(norm == 0 ? 1 : norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    private ByteBuf response(ResponseWriter writer, String model, List<String> inputs, int dimensions,
            boolean base64, long seed) {
        int tokens = inputs.stream().mapToInt(Generator::countWords).sum();
        engine.metrics().promptTokens.add(tokens);
        return OpenAiWire.json(writer.alloc(), json -> {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (int i = 0; i < inputs.size(); i++) {
                float[] vector = vector(inputs.get(i), dimensions, seed);
                json.writeStartObject();
                json.writeStringField("object", "embedding");
                json.writeNumberField("index", i);
                if (base64) {
                    // The OpenAI SDKs ask for base64 by default: little-endian float32s.
                    ByteBuffer bytes = ByteBuffer.allocate(4 * dimensions).order(ByteOrder.LITTLE_ENDIAN);
                    for (float v : vector) {
                        bytes.putFloat(v);
                    }
                    json.writeStringField("embedding", Base64.getEncoder().encodeToString(bytes.array()));
                } else {
                    json.writeArrayFieldStart("embedding");
                    for (float v : vector) {
                        json.writeNumber(v);
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("model", model);
            json.writeObjectFieldStart("usage");
            json.writeNumberField("prompt_tokens", tokens);
            json.writeNumberField("total_tokens", tokens);
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    /** {@code input}: a string or a non-empty array of strings (token arrays count as text). */
    private static List<String> inputs(JsonNode input) {
        if (input != null && input.isTextual()) {
            return List.of(input.asText());
        }
        if (input == null || !input.isArray() || input.isEmpty()) {
            throw ApiError.invalid("input must be a string or a non-empty array of strings.", "input");
        }
        List<String> inputs = new ArrayList<>(input.size());
        for (JsonNode item : input) {
            inputs.add(item.isTextual() ? item.asText() : item.toString());
        }
        return inputs;
    }

    private static int dimensions(JsonNode body, EmulatorConfig config) {
        JsonNode dimensions = body.get("dimensions");
        if (dimensions == null || dimensions.isNull()) {
            return config.embeddingDimensions();
        }
        if (!dimensions.isIntegralNumber() || dimensions.asInt() < 1 || dimensions.asInt() > 65536) {
            throw ApiError.invalid("dimensions must be a positive integer.", "dimensions");
        }
        return dimensions.asInt();
    }
}
