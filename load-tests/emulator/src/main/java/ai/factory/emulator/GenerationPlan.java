package ai.factory.emulator;

/**
 * Everything decided about one chat or text completion before it runs: identity, prompt size,
 * the exact tokens it will produce and how it is delivered.
 *
 * @param promptBlocks the prompt's KV block hashes ({@link PromptBlocks}); empty when the prefix
 *     cache is off
 */
record GenerationPlan(
        Kind kind,
        String id,
        long created,
        String model,
        int promptTokens,
        Generator.Output output,
        boolean stream,
        boolean includeUsage,
        long[] promptBlocks) {

    /** {@code /v1/chat/completions}, {@code /v1/completions} or {@code /v1/responses}: they differ only on the wire. */
    enum Kind { CHAT, TEXT, RESPONSES }

    int completionTokens() {
        return output.tokens().size();
    }

    String token(int index) {
        return output.tokens().get(index);
    }

    String finishReason() {
        return output.finishReason();
    }
}
