package ai.factory.routing.kvevents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Payloads written byte by byte the way vLLM's msgspec encoder lays them out (array-like structs,
 * tagged events, trailing defaults omitted), independent of any msgpack library.
 */
class KvEventDecoderTest {

    private static final String BLOCK_STORED = "ab426c6f636b53746f726564";      // fixstr(11) "BlockStored"
    private static final String BLOCK_REMOVED = "ac426c6f636b52656d6f766564";   // fixstr(12) "BlockRemoved"
    private static final String ALL_CLEARED = "b0416c6c426c6f636b73436c6561726564"; // fixstr(16) "AllBlocksCleared"

    private static byte[] bytes(String... hexParts) {
        return HexFormat.of().parseHex(String.join("", hexParts));
    }

    @Test
    void decodes_a_block_stored_batch_with_every_field_and_the_data_parallel_rank() {
        byte[] payload = bytes(
                "93",                          // EventBatch: array of 3
                "cb41d954fc40200000",          // ts = 1700000000.5 (float64)
                "91",                          // events: array of 1
                "97", BLOCK_STORED,            // BlockStored: tag + 6 fields
                "927bcd01c8",                  // block_hashes [123, 456]
                "c0",                          // parent_block_hash nil
                "9401020304",                  // token_ids [1, 2, 3, 4]
                "02",                          // block_size 2
                "c0",                          // lora_id nil
                "a3475055",                    // medium "GPU"
                "01");                         // data_parallel_rank 1

        KvEventBatch batch = KvEventDecoder.decode(payload);

        assertEquals(1700000000.5, batch.ts());
        assertEquals(1, batch.dataParallelRank());
        KvEvent.BlockStored stored = assertInstanceOf(KvEvent.BlockStored.class, batch.events().get(0));
        assertArrayEquals(new long[] {123, 456}, stored.blockHashes());
        assertNull(stored.parentBlockHash());
        assertArrayEquals(new long[] {1, 2, 3, 4}, stored.tokenIds());
        assertEquals(2, stored.blockSize());
        assertNull(stored.loraId());
        assertEquals("GPU", stored.medium());
    }

    @Test
    void decodes_an_older_block_stored_without_medium_and_a_batch_without_rank() {
        byte[] payload = bytes(
                "92", "cb3ff4000000000000",   // [ts = 1.25, events]
                "91", "96", BLOCK_STORED,     // BlockStored with 5 fields (vLLM before `medium`)
                "91cfffffffffffffffff",       // block_hashes [2^64 - 1] (uint64)
                "2a",                         // parent_block_hash 42
                "9105", "10", "07");          // token_ids [5], block_size 16, lora_id 7

        KvEventBatch batch = KvEventDecoder.decode(payload);

        assertNull(batch.dataParallelRank());
        KvEvent.BlockStored stored = (KvEvent.BlockStored) batch.events().get(0);
        assertArrayEquals(new long[] {-1L}, stored.blockHashes(), "unsigned 64-bit hash kept as its bits");
        assertEquals(42L, stored.parentBlockHash());
        assertEquals(16, stored.blockSize());
        assertEquals(7L, stored.loraId());
        assertNull(stored.medium());
    }

    @Test
    void folds_a_sha256_byte_hash_to_its_last_eight_bytes() {
        String sha = "00".repeat(24) + "0102030405060708";
        byte[] payload = bytes("92", "cb3ff4000000000000", "91",
                "93", BLOCK_REMOVED, "91", "c420", sha, "a3435055"); // BlockRemoved([bin32], "CPU")

        KvEvent.BlockRemoved removed = (KvEvent.BlockRemoved) KvEventDecoder.decode(payload).events().get(0);

        assertArrayEquals(new long[] {0x0102030405060708L}, removed.blockHashes());
        assertEquals("CPU", removed.medium());
    }

    @Test
    void decodes_all_blocks_cleared_and_skips_unknown_event_tags_and_extra_fields() {
        byte[] payload = bytes("94", "cb3ff4000000000000",
                "93",
                "93", "ab4675747572654576656e74", "01", "a178", // ["FutureEvent", 1, "x"]: skipped
                "91", ALL_CLEARED,                               // ["AllBlocksCleared"]
                "94", BLOCK_REMOVED, "9101", "c0", "05",         // BlockRemoved + an unknown trailing field
                "c0",                                            // data_parallel_rank nil
                "a178");                                         // an unknown trailing batch field

        KvEventBatch batch = KvEventDecoder.decode(payload);

        assertEquals(2, batch.events().size());
        assertInstanceOf(KvEvent.AllBlocksCleared.class, batch.events().get(0));
        assertArrayEquals(new long[] {1}, ((KvEvent.BlockRemoved) batch.events().get(1)).blockHashes());
        assertNull(batch.dataParallelRank());
    }

    @Test
    void rejects_payloads_that_are_not_event_batches() {
        assertThrows(KvEventFormatException.class, () -> KvEventDecoder.decode(bytes("91", "01")), "one field");
        assertThrows(KvEventFormatException.class, () -> KvEventDecoder.decode(bytes("92", "a178", "90")), "string ts");
        assertThrows(KvEventFormatException.class, () -> KvEventDecoder.decode(bytes("92", "01", "91", "92",
                BLOCK_STORED, "90")), "BlockStored missing fields");
        assertThrows(KvEventFormatException.class, () -> KvEventDecoder.decode(bytes("92", "01", "91")), "truncated");
        assertThrows(KvEventFormatException.class, () -> KvEventDecoder.decode(new byte[0]), "empty");
    }
}
