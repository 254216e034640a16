package ai.factory.routing.kvevents;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A prompt's KV block hashes as vLLM computes them with {@code --prefix-caching-hash-algo
 * sha256_cbor} (vLLM's {@code hash_block_tokens}): block {@code i} is
 * {@code sha256(cbor([parent, [token ids], extra_keys]))}, the parent being block {@code i - 1}'s
 * 32-byte hash, or for the first block {@code NONE_HASH = sha256(cbor(PYTHONHASHSEED))}.
 * {@code extra_keys} is null for a plain text prompt (LoRA, multimodal inputs and cache salts add
 * keys; those requests are not predicted). Only full blocks are hashed.
 *
 * <p>vLLM's KV events carry each hash as its low 64 bits (the default
 * {@code VLLM_KV_EVENTS_USE_INT_BLOCK_HASHES=1}), or as the 32 bytes, which
 * {@link KvEventDecoder} folds to the same 64 bits; {@link #of} returns those 64 bits. Without
 * {@code PYTHONHASHSEED} vLLM draws a random {@code NONE_HASH} and no outsider can predict its
 * hashes, so the seed is part of the configuration.
 */
public final class VllmBlockHashes {

    private final int blockSize;
    private final byte[] noneHash;

    /**
     * @param blockSize the server's {@code --block-size} (16 by default)
     * @param hashSeed the server's {@code PYTHONHASHSEED}
     */
    public VllmBlockHashes(int blockSize, String hashSeed) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be positive: " + blockSize);
        }
        this.blockSize = blockSize;
        this.noneHash = sha256(new Cbor().text(hashSeed).toByteArray());
    }

    public int blockSize() {
        return blockSize;
    }

    /** Low 64 bits of each full block's hash, first block first. */
    public long[] of(int[] tokenIds) {
        long[] out = new long[tokenIds.length / blockSize];
        byte[] parent = noneHash;
        for (int b = 0; b < out.length; b++) {
            parent = blockHash(parent, Arrays.copyOfRange(tokenIds, b * blockSize, (b + 1) * blockSize));
            out[b] = low64(parent);
        }
        return out;
    }

    /** {@code NONE_HASH}, the first block's parent. */
    byte[] noneHash() {
        return noneHash.clone();
    }

    static byte[] blockHash(byte[] parent, int[] tokens) {
        Cbor cbor = new Cbor().array(3).bytes(parent).array(tokens.length);
        for (int t : tokens) {
            cbor.uint(Integer.toUnsignedLong(t));
        }
        return sha256(cbor.nil().toByteArray());
    }

    /** vLLM's {@code int.from_bytes(hash, "big") & (2**64 - 1)}: the last eight bytes. */
    static long low64(byte[] hash) {
        long h = 0;
        for (int i = hash.length - 8; i < hash.length; i++) {
            h = (h << 8) | (hash[i] & 0xff);
        }
        return h;
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
