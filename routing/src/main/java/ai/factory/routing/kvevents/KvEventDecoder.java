package ai.factory.routing.kvevents;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Decodes the payload frame of vLLM's KV-event messages. vLLM encodes with msgspec, structs
 * {@code array_like} and events {@code tag}ged, so on the wire a batch is
 * {@code [ts, [event, ...], data_parallel_rank?]} and each event is an array whose first item is
 * its class name:
 * <pre>
 * ["BlockStored", [hash, ...], parent_hash | nil, [token_id, ...], block_size, lora_id | nil, medium | nil]
 * ["BlockRemoved", [hash, ...], medium | nil]
 * ["AllBlocksCleared"]
 * </pre>
 * Trailing fields are optional ({@code omit_defaults}; older vLLM versions send fewer) and extra
 * trailing fields are skipped, so newer servers still decode. A block hash is an integer (vLLM's
 * built-in hash) or bytes (its sha256 hashes); bytes are folded to their last 8, big-endian, as
 * llm-d's indexer does.
 */
public final class KvEventDecoder {

    private KvEventDecoder() {
    }

    public static KvEventBatch decode(byte[] payload) {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(payload)) {
            int fields = in.unpackArrayHeader();
            if (fields < 2) {
                throw new KvEventFormatException("event batch has " + fields + " fields, expected at least 2");
            }
            double ts = number(in);
            int count = in.unpackArrayHeader();
            List<KvEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                KvEvent event = event(in);
                if (event != null) {
                    events.add(event);
                }
            }
            Integer rank = null;
            if (fields >= 3 && !in.tryUnpackNil()) {
                rank = (int) in.unpackLong();
            }
            for (int i = 3; i < fields; i++) {
                in.skipValue();
            }
            return new KvEventBatch(ts, events, rank);
        } catch (KvEventFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new KvEventFormatException("not a KV event batch: " + e.getMessage(), e);
        }
    }

    /** One tagged event, or null for a tag this gateway does not know (skipped whole). */
    private static KvEvent event(MessageUnpacker in) throws IOException {
        int fields = in.unpackArrayHeader();
        if (fields < 1) {
            throw new KvEventFormatException("event without a tag");
        }
        String tag = in.unpackString();
        int read = 1;
        KvEvent event;
        switch (tag) {
            case "BlockStored" -> {
                require(tag, fields, 5);
                long[] hashes = hashes(in);
                Long parent = in.tryUnpackNil() ? null : hash(in);
                long[] tokens = longs(in);
                int blockSize = (int) in.unpackLong();
                read = 5;
                Long lora = null;
                String medium = null;
                if (fields > read) {
                    lora = in.tryUnpackNil() ? null : in.unpackLong();
                    read++;
                }
                if (fields > read) {
                    medium = in.tryUnpackNil() ? null : in.unpackString();
                    read++;
                }
                event = new KvEvent.BlockStored(hashes, parent, tokens, blockSize, lora, medium);
            }
            case "BlockRemoved" -> {
                require(tag, fields, 2);
                long[] hashes = hashes(in);
                read = 2;
                String medium = null;
                if (fields > read) {
                    medium = in.tryUnpackNil() ? null : in.unpackString();
                    read++;
                }
                event = new KvEvent.BlockRemoved(hashes, medium);
            }
            case "AllBlocksCleared" -> event = new KvEvent.AllBlocksCleared();
            default -> event = null;
        }
        for (int i = read; i < fields; i++) {
            in.skipValue();
        }
        return event;
    }

    private static void require(String tag, int fields, int min) {
        if (fields < min) {
            throw new KvEventFormatException(tag + " has " + fields + " fields, expected at least " + min);
        }
    }

    private static long[] hashes(MessageUnpacker in) throws IOException {
        int n = in.unpackArrayHeader();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = hash(in);
        }
        return out;
    }

    private static long[] longs(MessageUnpacker in) throws IOException {
        int n = in.unpackArrayHeader();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = integer(in);
        }
        return out;
    }

    /** An integer hash (up to unsigned 64 bits, kept as its two's-complement bits) or a byte string's last 8 bytes. */
    static long hash(MessageUnpacker in) throws IOException {
        MessageFormat format = in.getNextFormat();
        if (format.getValueType() == ValueType.BINARY) {
            byte[] bytes = in.readPayload(in.unpackBinaryHeader());
            long h = 0;
            for (int i = Math.max(0, bytes.length - 8); i < bytes.length; i++) {
                h = (h << 8) | (bytes[i] & 0xff);
            }
            return h;
        }
        return integer(in);
    }

    private static long integer(MessageUnpacker in) throws IOException {
        if (in.getNextFormat() == MessageFormat.UINT64) {
            return in.unpackBigInteger().longValue();
        }
        return in.unpackLong();
    }

    private static double number(MessageUnpacker in) throws IOException {
        ValueType type = in.getNextFormat().getValueType();
        if (type == ValueType.FLOAT) {
            return in.unpackDouble();
        }
        if (type == ValueType.INTEGER) {
            return in.unpackLong();
        }
        throw new KvEventFormatException("timestamp is " + type + ", expected a number");
    }
}
