package ai.factory.routing.kvevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A real ZMQ publisher reached through a TCP relay that can freeze the subscriber's connection:
 * connected and silent, which is what a deaf SUB connection looks like from the subscriber.
 */
class KvEventSubscriberReconnectTest {

    private static final String GPU = "http://gpu0";

    /** [ts, [["BlockStored", [h], nil, [], 16, nil, nil]]] */
    private static byte[] stored(int hash) {
        return HexFormat.of().parseHex("92cb3ff4000000000000" + "91" + "97ab426c6f636b53746f726564"
                + "91" + String.format("cd%04x", hash) + "c0" + "90" + "10" + "c0" + "c0");
    }

    private long seq;

    private void publishUntil(ZMQ.Socket pub, int hash, KvBlockIndex index) throws InterruptedException {
        // PUB drops messages until a (re)connected subscription has propagated: repeat. Requests go
        // to the server meanwhile, so a connection that stays deaf (as jeromq's sometimes do from
        // the start) is replaced too.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (index.matched(GPU, new long[] {hash}) == 0 && System.nanoTime() < deadline) {
            index.routed(GPU);
            pub.sendMore("kv");
            pub.sendMore(ByteBuffer.allocate(8).putLong(seq++).array());
            pub.send(stored(hash));
            Thread.sleep(25);
        }
    }

    @Test
    void replaces_a_connection_that_went_silent_after_requests_were_routed_but_not_an_idle_one() throws Exception {
        KvBlockIndex index = new KvBlockIndex();
        try (ZContext context = new ZContext(); ZMQ.Socket pub = context.createSocket(SocketType.PUB)) {
            pub.bind("tcp://127.0.0.1:*");
            int pubPort = Integer.parseInt(pub.getLastEndpoint().replaceAll(".*:", ""));
            try (FreezingProxy proxy = new FreezingProxy(pubPort);
                    KvEventSubscriber subscriber = new KvEventSubscriber("tcp://127.0.0.1:" + proxy.port(), GPU,
                            index, "kv", Duration.ofMillis(500))) {
                publishUntil(pub, 1000, index);
                assertEquals(1, index.matched(GPU, new long[] {1000}));
                long before = subscriber.reconnects();
                int connections = proxy.connections();

                proxy.freezeOpenConnections();
                // Silence with nothing routed there is an idle server, not a deaf connection.
                Thread.sleep(1500);
                assertEquals(before, subscriber.reconnects(), "an idle server is not a reason to reconnect");
                assertEquals(connections, proxy.connections());

                publishUntil(pub, 1001, index);
                assertEquals(1, index.matched(GPU, new long[] {1001}), "heard again through a fresh connection");
                assertTrue(subscriber.reconnects() > before);
                assertEquals(connections + subscriber.reconnects() - before, proxy.connections(), "one new connection each");
                // What was published while deaf is lost: the sequence gap cleared the stale view.
                assertTrue(subscriber.gaps() >= 1);
                assertEquals(0, index.matched(GPU, new long[] {1000}));
            }
        }
    }
}
