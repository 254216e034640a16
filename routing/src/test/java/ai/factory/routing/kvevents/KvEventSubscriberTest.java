package ai.factory.routing.kvevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A real ZMQ publisher on a free port sending vLLM's three frames: topic, sequence, payload. */
class KvEventSubscriberTest {

    /** [ts, [["BlockStored", [h], nil, [], 16, nil, nil]]] */
    private static byte[] stored(int hash) {
        return HexFormat.of().parseHex("92cb3ff4000000000000" + "91" + "97ab426c6f636b53746f726564"
                + "91" + String.format("cd%04x", hash) + "c0" + "90" + "10" + "c0" + "c0");
    }

    private static byte[] seq(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }

    private static void send(ZMQ.Socket pub, long n, byte[] payload) {
        pub.sendMore("kv");
        pub.sendMore(seq(n));
        pub.send(payload);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        // Generous: a loaded CI box can take seconds to schedule the subscriber's thread.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
    }

    @Test
    void applies_published_batches_counts_bad_payloads_and_forgets_the_endpoint_after_a_sequence_gap()
            throws Exception {
        KvBlockIndex index = new KvBlockIndex();
        try (ZContext context = new ZContext(); ZMQ.Socket pub = context.createSocket(SocketType.PUB)) {
            pub.bind("tcp://127.0.0.1:*");
            String address = pub.getLastEndpoint();
            try (KvEventSubscriber subscriber = new KvEventSubscriber(address, "http://gpu0", index, "kv",
                    Duration.ofMillis(500))) {
                // PUB drops messages until the subscription has propagated ("slow joiner"): repeat the first.
                // Traffic goes there meanwhile, as it would: a connection that stays deaf is replaced.
                long n = 0;
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (index.size("http://gpu0") == 0 && System.nanoTime() < deadline) {
                    index.routed("http://gpu0");
                    send(pub, n++, stored(1000));
                    Thread.sleep(25);
                }
                assertEquals(1, index.size("http://gpu0"));
                long firstGaps = subscriber.gaps();

                send(pub, n++, stored(1001));
                send(pub, n++, new byte[] {(byte) 0xc1}); // 0xc1 is never valid msgpack
                await(() -> subscriber.malformed() > 0);
                assertEquals(2, index.size("http://gpu0"));
                assertEquals(1, subscriber.malformed());

                send(pub, n + 5, stored(1002)); // five messages lost
                await(() -> subscriber.gaps() > firstGaps);
                await(() -> index.size("http://gpu0") == 1);
                assertEquals(1, index.matched("http://gpu0", new long[] {1002}), "only what came after the gap");
                assertTrue(subscriber.batches() >= 3);
                // Every batch says it was published 1.25 s after the epoch: the lag is all of the time since.
                long sinceEpoch = System.currentTimeMillis() - 1250;
                assertTrue(subscriber.maxLagMillis() <= sinceEpoch && subscriber.maxLagMillis() > sinceEpoch - 60_000);
                assertTrue(subscriber.lagMillis() >= subscriber.batches() * (sinceEpoch - 60_000));
            }
        }
    }
}
