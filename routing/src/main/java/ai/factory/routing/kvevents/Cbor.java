package ai.factory.routing.kvevents;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The few CBOR items (RFC 8949) vLLM's block hash encodes, written the way Python's
 * {@code cbor2.dumps(..., canonical=True)} writes them: shortest-form heads, definite lengths,
 * tuples as arrays, integers beyond 64 bits as bignums (tag 2). Maps and floats never occur.
 */
final class Cbor {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    Cbor array(int length) {
        return head(4, length);
    }

    /** A non-negative integer up to 64 bits (token ids are). */
    Cbor uint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        return head(0, value);
    }

    /** Any non-negative integer: beyond 64 bits cbor2 writes tag 2 and the magnitude's bytes. */
    Cbor uint(BigInteger value) {
        if (value.bitLength() <= 63) {
            return uint(value.longValue());
        }
        byte[] magnitude = value.toByteArray();
        int skip = magnitude[0] == 0 ? 1 : 0; // toByteArray adds a sign byte
        if (value.bitLength() == 64) {
            out.write(0x1b);
            out.write(magnitude, skip, 8);
            return this;
        }
        head(6, 2);
        head(2, magnitude.length - skip);
        out.write(magnitude, skip, magnitude.length - skip);
        return this;
    }

    Cbor bytes(byte[] value) {
        head(2, value.length);
        out.write(value, 0, value.length);
        return this;
    }

    Cbor text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        head(3, utf8.length);
        out.write(utf8, 0, utf8.length);
        return this;
    }

    Cbor nil() {
        out.write(0xf6);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private Cbor head(int major, long value) {
        int type = major << 5;
        if (value < 24) {
            out.write(type | (int) value);
        } else if (value < 0x100) {
            out.write(type | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(type | 25);
            writeBig(value, 2);
        } else if (value < 0x1_0000_0000L) {
            out.write(type | 26);
            writeBig(value, 4);
        } else {
            out.write(type | 27);
            writeBig(value, 8);
        }
        return this;
    }

    private void writeBig(long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }
}
