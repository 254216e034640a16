package ai.factory.routing.kvevents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The encoder against vectors that Python's cbor2 + hashlib produced (published with a Rust port
 * of vLLM's sha256_cbor, for vLLM's earlier integer-parent form) and RFC 8949's examples; the
 * block chain against hashes of the byte layout vLLM's current form encodes.
 */
class VllmBlockHashesTest {

    private static final HexFormat HEX = HexFormat.of();

    private static String sha(Cbor cbor) {
        return HEX.formatHex(VllmBlockHashes.sha256(cbor.toByteArray()));
    }

    private static BigInteger big(String hex) {
        return new BigInteger(1, HEX.parseHex(hex));
    }

    @Test
    void none_hash_is_the_sha256_of_the_cbor_seed_string() {
        assertEquals("4e1195df020de59e0d65a33a4279f1183e7ae4e5d980e309f8b55adff2e61c3e",
                HEX.formatHex(new VllmBlockHashes(16, "0").noneHash()));
    }

    @Test
    void cbor_encoding_matches_cbor2_on_recorded_vectors() {
        BigInteger none = big("4e1195df020de59e0d65a33a4279f1183e7ae4e5d980e309f8b55adff2e61c3e");
        String h1 = sha(new Cbor().array(3).uint(none).array(3).uint(1).uint(2).uint(3).array(0));
        assertEquals("f05cc9eb85766390ac54a56f956bde6ad4fd0d0d9465d7fd1e88ab61ca7a31c4", h1);
        assertEquals("2ae4de831eba33f8e9977f0ca1ae0718ef455be797864c4cfd426c4c2c4d41dc",
                sha(new Cbor().array(3).uint(big(h1)).array(3).uint(1).uint(2).uint(3).array(0)));
        assertEquals("b7ffbdfbd8edaf74c1401c9773559d9fab3e5b0cc32399dd8e8ebda21cae1399",
                sha(new Cbor().array(3).uint(none).array(4).uint(100).uint(200).uint(300).uint(65536).array(0)));
        assertEquals("b13bcd05a97c5b22c69a302305912db74382ac70a4075aa31df8750745ed85af",
                sha(new Cbor().array(3).uint(none).array(3).uint(1).uint(2).uint(3).array(1)
                        .text("image_hash:abc123")));
    }

    @Test
    void cbor_heads_are_the_rfc_8949_examples() {
        assertEquals("1a000f4240", HEX.formatHex(new Cbor().uint(1_000_000).toByteArray()));
        assertEquals("1bffffffffffffffff", HEX.formatHex(new Cbor().uint(big("ffffffffffffffff")).toByteArray()));
        assertEquals("c249010000000000000000", HEX.formatHex(new Cbor().uint(big("010000000000000000")).toByteArray()));
        assertEquals("4401020304", HEX.formatHex(new Cbor().bytes(new byte[] {1, 2, 3, 4}).toByteArray()));
        assertEquals("f6", HEX.formatHex(new Cbor().nil().toByteArray()));
        assertEquals("98190102030405060708090a0b0c0d0e0f101112131415161718181819",
                HEX.formatHex(cborArray(IntStream.rangeClosed(1, 25).toArray())));
    }

    private static byte[] cborArray(int[] values) {
        Cbor c = new Cbor().array(values.length);
        for (int v : values) {
            c.uint(v);
        }
        return c.toByteArray();
    }

    @Test
    void chains_full_blocks_of_token_ids_from_the_seeded_none_hash() {
        VllmBlockHashes hashes = new VllmBlockHashes(16, "0");
        // sha256(83 5820 <parent> 90 <16 tokens> f6), low 64 bits, computed with Python's hashlib.
        long[] blocks = hashes.of(IntStream.rangeClosed(1, 40).toArray());
        assertArrayEquals(new long[] {0x2ceabcfae6d332eaL, 0x26470bbec927f5bfL}, blocks, "two full blocks, 8 tokens left");

        int[] wide = new int[16];
        java.util.Arrays.fill(wide, 0, 8, 300);
        java.util.Arrays.fill(wide, 8, 16, 100_000);
        assertEquals(0xa91051c7ddbeb762L, hashes.of(wide)[0], "two- and four-byte token heads");
    }

    @Test
    void another_seed_or_block_size_gives_other_hashes() {
        int[] tokens = IntStream.rangeClosed(1, 32).toArray();
        long first = new VllmBlockHashes(16, "0").of(tokens)[0];
        assertNotEquals(first, new VllmBlockHashes(16, "42").of(tokens)[0]);
        assertNotEquals(first, new VllmBlockHashes(32, "0").of(tokens)[0]);
        assertEquals(0, new VllmBlockHashes(16, "0").of(new int[15]).length);
    }
}
