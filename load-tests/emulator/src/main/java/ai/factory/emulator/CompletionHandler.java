package ai.factory.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code POST /v1/completions}, the legacy text API: a prompt string (or an array of them,
 * answered as one joined prompt; the emulator always returns a single choice).
 */
final class CompletionHandler extends GenerationHandler {

    CompletionHandler(Engine engine) {
        super(engine);
    }

    @Override
    GenerationPlan plan(JsonNode body, EmulatorConfig config) {
        String model = Requests.model(body, config);
        String prompt = promptText(body.get("prompt"));
        long hash = Generator.hash(model + '\n' + prompt, config.seed());
        return new GenerationPlan(GenerationPlan.Kind.TEXT, newId("cmpl-"), nowSeconds(), model,
                Generator.countWords(prompt), Requests.output(body, hash, config), Requests.stream(body),
                Requests.includeUsage(body),
                config.kvCacheBlocks() > 0 ? PromptBlocks.of(model + '\n' + prompt, config) : new long[0]);
    }

    private static String promptText(JsonNode prompt) {
        if (prompt == null || prompt.isNull()) {
            throw ApiError.invalid("you must provide a prompt parameter", "prompt");
        }
        if (prompt.isTextual()) {
            return prompt.asText();
        }
        if (prompt.isArray() && !prompt.isEmpty()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : prompt) {
                if (!part.isTextual()) {
                    throw ApiError.invalid("prompt must be a string or an array of strings.", "prompt");
                }
                text.append(part.asText()).append('\n');
            }
            return text.toString();
        }
        throw ApiError.invalid("prompt must be a string or an array of strings.", "prompt");
    }
}
