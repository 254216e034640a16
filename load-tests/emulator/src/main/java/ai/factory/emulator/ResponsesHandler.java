package ai.factory.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/responses}: OpenAI's Responses API served natively (as vLLM does), with the
 * same generator as chat: {@code input} (a string or message items) and {@code instructions} in,
 * a message item (or the typed events) out. Function tools are not emulated here.
 */
final class ResponsesHandler extends GenerationHandler {

    ResponsesHandler(Engine engine) {
        super(engine);
    }

    @Override
    GenerationPlan plan(JsonNode body, EmulatorConfig config) {
        String model = Requests.model(body, config);
        JsonNode input = body.get("input");
        StringBuilder prompt = new StringBuilder(model).append('\n');
        int promptTokens = 0;
        if (body.path("instructions").isTextual()) {
            String text = body.get("instructions").asText();
            promptTokens += Generator.countWords(text) + Generator.TOKENS_PER_MESSAGE;
            prompt.append("system: ").append(text).append('\n');
        }
        if (input != null && input.isTextual() && !input.asText().isEmpty()) {
            promptTokens += Generator.countWords(input.asText()) + Generator.TOKENS_PER_MESSAGE;
            prompt.append("user: ").append(input.asText()).append('\n');
        } else if (input != null && input.isArray() && !input.isEmpty()) {
            for (JsonNode item : input) {
                String content = ChatHandler.contentText(item.get("content"));
                promptTokens += Generator.countWords(content) + Generator.TOKENS_PER_MESSAGE;
                prompt.append(item.path("role").asText(item.path("type").asText())).append(": ").append(content).append('\n');
            }
        } else {
            throw ApiError.invalid("input must be a non-empty string or array of items.", "input");
        }
        long[] blocks = config.kvCacheBlocks() > 0 ? PromptBlocks.of(prompt.toString(), config) : new long[0];
        JsonNode format = body.path("text").get("format");
        if (format != null) {
            prompt.append(format);
        }
        long hash = Generator.hash(prompt.toString(), config.seed());
        return new GenerationPlan(GenerationPlan.Kind.RESPONSES, newId("resp_"), nowSeconds(), model,
                promptTokens, Requests.output(asChat(body, format), hash, config), Requests.stream(body), true, blocks);
    }

    /** The fields the generator reads, in chat's names: the output limit and the format. */
    private static JsonNode asChat(JsonNode body, JsonNode format) {
        ObjectNode chat = OpenAiWire.MAPPER.createObjectNode();
        if (body.has("ignore_eos")) {
            chat.set("ignore_eos", body.get("ignore_eos"));
        }
        JsonNode max = body.get("max_output_tokens");
        if (max != null && !max.isNull()) {
            if (!max.isIntegralNumber() || !max.canConvertToInt() || max.asInt() < 1) {
                throw ApiError.invalid("max_output_tokens must be a positive integer.", "max_output_tokens");
            }
            chat.set("max_tokens", max);
        }
        if (format != null && format.isObject()) {
            ObjectNode responseFormat = chat.putObject("response_format").put("type", format.path("type").asText());
            if (format.has("schema")) {
                responseFormat.putObject("json_schema").set("schema", format.get("schema"));
            }
        }
        return chat;
    }
}
