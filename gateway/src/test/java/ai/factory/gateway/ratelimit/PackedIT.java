package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What Packed writes is what Redis's own cmsgpack.unpack reads, at every length and width boundary. */
class PackedIT {

    // Numbers come back as %d text: a Lua number is a double, exact for every value the scripts send (|v| <= 2^50).
    private static final String ECHO = "local out = {} for i, v in ipairs(cmsgpack.unpack(ARGV[1])) do "
            + "out[i] = type(v) == 'number' and string.format('%d', v) or ('s:' .. v) end return out";

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void open() {
        client = RedisClient.create(TestServers.redisUri());
        connection = client.connect();
    }

    @AfterAll
    static void close() {
        client.shutdown();
    }

    private static List<Object> echo(byte[] packed) throws Exception {
        return connection.async().dispatch(CommandType.EVAL, new NestedMultiOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add(ECHO).add(0).add(packed)).get();
    }

    @Test
    void integers_of_every_width_round_trip() throws Exception {
        long[] values = {0, 1, 127, 128, 255, 65_535, 65_536, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, -1, -32, -33,
                -129, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, Bounded.MAX, -Bounded.MAX};
        Packed packed = new Packed(values.length, 8);
        List<Object> expected = new ArrayList<>();
        for (long v : values) {
            packed.add(v);
            expected.add(Long.toString(v));
        }
        assertEquals(expected, echo(packed.bytes()));
    }

    @Test
    void strings_of_every_length_class_and_non_ascii_text_round_trip() throws Exception {
        List<String> values = List.of("", "a", "x".repeat(31), "x".repeat(32), "y".repeat(255), "y".repeat(256),
                "z".repeat(65_535), "z".repeat(65_536), "dtok:20261129", "résumé ✓ 日本");
        Packed packed = new Packed(values.size(), 8);
        List<Object> expected = new ArrayList<>();
        for (String v : values) {
            packed.add(v);
            expected.add("s:" + v);
        }
        assertEquals(expected, echo(packed.bytes()));
    }

    @Test
    void arrays_longer_than_fifteen_and_than_65535_values_round_trip() throws Exception {
        for (int n : new int[] {15, 16, 65_535, 65_536}) {
            Packed packed = new Packed(n, 8);
            for (int i = 0; i < n; i++) {
                packed.add(i);
            }
            List<Object> back = echo(packed.bytes());
            assertEquals(n, back.size());
            assertEquals(Integer.toString(n - 1), back.get(n - 1));
        }
    }
}
