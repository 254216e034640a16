package ai.factory.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One script argument holding many values, MessagePack-encoded (the scripts read it with Redis's
 * built-in {@code cmsgpack.unpack}): a request's whole admission or settlement crosses as one
 * argument instead of five per bucket, written straight into bytes, numbers without a String
 * each. Only what the scripts need: one array of integers and strings.
 */
final class Packed {

    private byte[] buf;
    private int size;

    /** @param values how many values follow (the array's length, fixed up front as MessagePack wants) */
    Packed(int values, int capacity) {
        buf = new byte[Math.max(16, capacity)];
        if (values < 16) {
            buf[size++] = (byte) (0x90 | values);
        } else if (values < 65_536) {
            buf[size++] = (byte) 0xdc;
            buf[size++] = (byte) (values >>> 8);
            buf[size++] = (byte) values;
        } else {
            buf[size++] = (byte) 0xdd;
            putInt(values);
        }
    }

    Packed add(long v) {
        ensure(9);
        if (v >= 0 && v < 128) {
            buf[size++] = (byte) v;
        } else if (v < 0 && v >= -32) {
            buf[size++] = (byte) v;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            buf[size++] = (byte) 0xd2;
            putInt((int) v);
        } else {
            buf[size++] = (byte) 0xd3;
            putInt((int) (v >>> 32));
            putInt((int) v);
        }
        return this;
    }

    Packed add(String s) {
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (ascii) {
            header(n);
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[size++] = (byte) s.charAt(i);
            }
        } else {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            header(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }
        return this;
    }

    byte[] bytes() {
        return Arrays.copyOf(buf, size);
    }

    private void header(int n) {
        ensure(5);
        if (n < 32) {
            buf[size++] = (byte) (0xa0 | n);
        } else if (n < 256) {
            buf[size++] = (byte) 0xd9;
            buf[size++] = (byte) n;
        } else if (n < 65_536) {
            buf[size++] = (byte) 0xda;
            buf[size++] = (byte) (n >>> 8);
            buf[size++] = (byte) n;
        } else {
            buf[size++] = (byte) 0xdb;
            putInt(n);
        }
    }

    private void putInt(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
