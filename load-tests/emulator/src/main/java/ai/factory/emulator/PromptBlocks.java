package ai.factory.emulator;

/**
 * A prompt's KV block hashes: one token is one whitespace-separated word (as the emulator counts
 * prompt tokens), {@code blockTokens} words make a block, and each block's hash chains all the
 * blocks before it, so equal hashes mean equal prefixes. A trailing partial block is not cached.
 */
final class PromptBlocks {

    private PromptBlocks() {
    }

    /**
     * The hashes the configured scheme gives: of words, or vLLM's sha256_cbor of cl100k_base
     * tokens. {@code prompt} starts with the model's name on a line of its own, which keeps two
     * models' prompts apart in the word scheme; vLLM serves one model and hashes the rendered
     * messages only, so the sha256_cbor scheme leaves that line out.
     */
    static long[] of(String prompt, EmulatorConfig config) {
        if (config.kvHashSeed() == null) {
            return of(prompt, config.blockTokens());
        }
        return VllmHashes.of(prompt.substring(prompt.indexOf('\n') + 1), config.blockTokens(), config.kvHashSeed());
    }

    static long[] of(String prompt, int blockTokens) {
        String[] words = prompt.trim().split("\\s+");
        if (words.length == 1 && words[0].isEmpty()) {
            return new long[0];
        }
        long[] blocks = new long[words.length / blockTokens];
        long chain = 0x243F6A8885A308D3L;
        for (int b = 0; b < blocks.length; b++) {
            long h = chain;
            for (int w = b * blockTokens; w < (b + 1) * blockTokens; w++) {
                h = (h ^ words[w].hashCode()) * 0x100000001B3L;
                h ^= h >>> 29;
            }
            chain = h * 0xBF58476D1CE4E5B9L;
            blocks[b] = chain;
        }
        return blocks;
    }
}
