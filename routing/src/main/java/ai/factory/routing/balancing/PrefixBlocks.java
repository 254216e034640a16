package ai.factory.routing.balancing;

import java.nio.charset.StandardCharsets;

/**
 * Chained block hashes of a prompt, the way vLLM's prefix cache identifies KV blocks: block
 * {@code i}'s hash covers blocks {@code 0..i}, so two prompts share hash {@code i} exactly when
 * they share their first {@code i + 1} blocks. A trailing partial block is left out, as vLLM
 * caches only full blocks.
 *
 * <p>The gateway does not tokenize here: a block is a fixed number of UTF-8 bytes of the
 * rendered prompt (system prompt, product template, earlier turns, then the new message, in that
 * order). The index built from these is approximate anyway; what matters is that a shared
 * prefix yields the same leading hashes.
 */
public final class PrefixBlocks {

    /** About 16 tokens of English text: vLLM's default block size. */
    public static final int DEFAULT_BLOCK_BYTES = 64;

    private PrefixBlocks() {
    }

    public static long[] of(String prompt) {
        return of(prompt, DEFAULT_BLOCK_BYTES);
    }

    public static long[] of(String prompt, int blockBytes) {
        if (prompt == null || prompt.isEmpty()) {
            return new long[0];
        }
        byte[] bytes = prompt.getBytes(StandardCharsets.UTF_8);
        long[] hashes = new long[bytes.length / blockBytes];
        long chain = 0x9E3779B97F4A7C15L;
        for (int block = 0; block < hashes.length; block++) {
            long h = chain;
            for (int i = block * blockBytes, end = i + blockBytes; i < end; i++) {
                h = (h ^ (bytes[i] & 0xff)) * 0x100000001B3L;
            }
            chain = mix(h);
            hashes[block] = chain;
        }
        return hashes;
    }

    /** Murmur3's finalizer: spreads the FNV state so nearby prompts do not share low bits. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
