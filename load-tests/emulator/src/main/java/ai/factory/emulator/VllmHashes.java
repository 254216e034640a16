package ai.factory.emulator;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * vLLM's prefix-cache block hashes with {@code --prefix-caching-hash-algo sha256_cbor}: the prompt's
 * token ids (cl100k_base here, standing in for the model's tokenizer) in full blocks, block
 * {@code i} = sha256 of the canonical CBOR of {@code [parent, (tokens), None]}, the first parent
 * being {@code sha256(cbor(PYTHONHASHSEED))}. Published, as vLLM does by default, as the low 64
 * bits. Written apart from the gateway's on purpose: the emulator stands for the server.
 */
final class VllmHashes {

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private VllmHashes() {
    }

    static long[] of(String prompt, int blockSize, String seed) {
        IntArrayList tokens = CL100K.encodeOrdinary(prompt);
        long[] out = new long[tokens.size() / blockSize];
        ByteArrayOutputStream seedCbor = new ByteArrayOutputStream();
        byte[] utf8 = seed.getBytes(StandardCharsets.UTF_8);
        head(seedCbor, 3, utf8.length);
        seedCbor.writeBytes(utf8);
        byte[] parent = sha256(seedCbor.toByteArray());
        for (int b = 0; b < out.length; b++) {
            ByteArrayOutputStream cbor = new ByteArrayOutputStream();
            head(cbor, 4, 3);
            head(cbor, 2, parent.length);
            cbor.writeBytes(parent);
            head(cbor, 4, blockSize);
            for (int i = b * blockSize; i < (b + 1) * blockSize; i++) {
                head(cbor, 0, tokens.get(i));
            }
            cbor.write(0xf6); // extra_keys: None
            parent = sha256(cbor.toByteArray());
            long h = 0;
            for (int i = 24; i < 32; i++) {
                h = (h << 8) | (parent[i] & 0xff);
            }
            out[b] = h;
        }
        return out;
    }

    /** A CBOR head in its shortest form (RFC 8949 §3, as canonical encoders write it). */
    private static void head(ByteArrayOutputStream out, int major, long value) {
        int type = major << 5;
        int bytes;
        if (value < 24) {
            out.write(type | (int) value);
            return;
        } else if (value < 0x100) {
            out.write(type | 24);
            bytes = 1;
        } else if (value < 0x10000) {
            out.write(type | 25);
            bytes = 2;
        } else if (value < 0x1_0000_0000L) {
            out.write(type | 26);
            bytes = 4;
        } else {
            out.write(type | 27);
            bytes = 8;
        }
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
