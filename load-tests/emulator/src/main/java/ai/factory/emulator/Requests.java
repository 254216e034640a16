package ai.factory.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;

/**
 * Reading the request fields that chat and text completions share, with OpenAI's 400 answers
 * when they are wrong. Fields the emulator does not use (temperature, tools, ...) are ignored,
 * as a real server ignores what does not change its output.
 */
final class Requests {

    private Requests() {
    }

    /** The body as a JSON object, or 400. */
    static JsonNode body(ByteBuf content) {
        JsonNode body;
        try {
            body = OpenAiWire.MAPPER.readTree(new ByteBufInputStream(content.duplicate()));
        } catch (JsonProcessingException e) {
            throw ApiError.invalid("We could not parse the JSON body of your request: "
                    + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw ApiError.invalid("We could not read the body of your request: " + e.getMessage(), null);
        }
        if (body == null || !body.isObject()) {
            throw ApiError.invalid("The request body must be a JSON object.", null);
        }
        return body;
    }

    /** The requested model; 400 when missing, 404 when this server does not serve it. */
    static String model(JsonNode body, EmulatorConfig config) {
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw ApiError.invalid("you must provide a model parameter", "model");
        }
        if (!config.serves(model.asText())) {
            throw ApiError.modelNotFound(model.asText());
        }
        return model.asText();
    }

    /** {@code max_completion_tokens} (newer clients) or {@code max_tokens}; null when absent. */
    static Integer maxTokens(JsonNode body) {
        for (String name : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode value = body.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
                throw ApiError.invalid(name + " must be a positive integer.", name);
            }
            return value.asInt();
        }
        return null;
    }

    static boolean stream(JsonNode body) {
        return body.path("stream").asBoolean(false);
    }

    /** {@code stream_options.include_usage}: only meaningful, and only honoured, when streaming. */
    static boolean includeUsage(JsonNode body) {
        return stream(body) && body.path("stream_options").path("include_usage").asBoolean(false);
    }

    /**
     * What the "model" answers: words, a JSON object, or an instance of the requested schema.
     * Without max_tokens, text is capped by the configured default; JSON is never cut unless
     * the client asked for a limit, so structured output stays valid by default.
     */
    static Generator.Output output(JsonNode body, long hash, EmulatorConfig config) {
        Integer maxTokens = maxTokens(body);
        Generator.Output call = ToolCalls.of(body, hash);
        if (call != null) {
            return call;
        }
        JsonNode format = body.get("response_format");
        String type = format == null || format.isNull() ? "text" : format.path("type").asText("");
        switch (type) {
            case "text":
                int limit = maxTokens != null ? maxTokens : config.defaultMaxTokens();
                return Generator.text(hash, limit, body.path("ignore_eos").asBoolean(false));
            case "json_object":
                return Generator.json(SchemaInstance.anyObject(hash).toString(), maxTokens);
            case "json_schema":
                JsonNode schema = format.path("json_schema").get("schema");
                if (schema == null || !schema.isObject()) {
                    throw ApiError.invalid("response_format.json_schema.schema must be a JSON schema object.",
                            "response_format");
                }
                return Generator.json(SchemaInstance.of(schema, hash).toString(), maxTokens);
            default:
                throw ApiError.invalid("Invalid response_format type '" + type
                        + "': expected text, json_object or json_schema.", "response_format");
        }
    }
}
