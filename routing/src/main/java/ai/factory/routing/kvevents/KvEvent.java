package ai.factory.routing.kvevents;

/**
 * One KV-cache event as vLLM publishes it ({@code vllm.distributed.kv_events}): a server stored
 * blocks, evicted blocks, or dropped its whole cache. Block hashes are the server's own, folded
 * to 64 bits ({@link KvEventDecoder}).
 */
public sealed interface KvEvent {

    /**
     * @param blockHashes the stored blocks, first to last; each chains the ones before it
     * @param parentBlockHash the block before the first one, or null when they start a prompt
     * @param tokenIds the tokens of the stored blocks
     * @param blockSize tokens per block
     * @param loraId the adapter the blocks were computed with, or null for the base model
     * @param medium where the blocks live ({@code GPU}, {@code CPU}), or null
     */
    record BlockStored(long[] blockHashes, Long parentBlockHash, long[] tokenIds, int blockSize, Long loraId,
            String medium) implements KvEvent {
    }

    /** @param blockHashes the evicted blocks; @param medium where they were, or null */
    record BlockRemoved(long[] blockHashes, String medium) implements KvEvent {
    }

    /** The server reset its prefix cache: nothing it held before is there any more. */
    record AllBlocksCleared() implements KvEvent {
    }
}
