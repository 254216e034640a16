package ai.factory.routing.kvevents;

/**
 * The block hashes the GPU emulator ({@code load-tests/emulator}) computes and publishes in its KV
 * events: one token per whitespace-separated word, {@code blockTokens} words per block, each hash
 * chaining the blocks before it. Routing by KV events needs the gateway to compute the server's
 * own hashes for a prompt; for a real vLLM that means its tokenizer and its hash function (as
 * llm-d's kv-cache-manager does), which the gateway does not carry yet. The simulation and the
 * tests use this one, and a test in the simulation module checks it against the emulator's.
 */
public final class WordBlockHashes {

    private WordBlockHashes() {
    }

    /**
     * @param prompt the prompt as the server renders it: the model name, then {@code role: content}
     *     of each message, one per line
     */
    public static long[] of(String prompt, int blockTokens) {
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
