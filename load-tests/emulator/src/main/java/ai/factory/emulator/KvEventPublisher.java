package ai.factory.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Publishes the prefix cache's changes as vLLM does with {@code --kv-events-config
 * '{"enable_kv_cache_events": true, "publisher": "zmq"}'}: a ZMQ PUB socket sending, per batch,
 * three frames: the topic (empty), an 8-byte big-endian sequence number, and the msgpack payload
 * {@code [ts, [event, ...]]} where each event is a tagged array:
 * {@code ["BlockStored", hashes, parent | nil, token_ids, block_size, lora_id | nil, medium]},
 * {@code ["BlockRemoved", hashes, medium]}, {@code ["AllBlocksCleared"]}.
 *
 * <p>The cache hands events over without blocking; one thread owns the socket (ZMQ sockets are
 * single-threaded) and sends whatever accumulated as one batch, as vLLM sends one per engine step.
 * The emulator's tokens are words, so {@code token_ids} is sent empty; block hashes are its own.
 */
final class KvEventPublisher implements AutoCloseable {

    private static final byte[] TOPIC = new byte[0];
    private static final Object STOP = new Object();

    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket socket;
    private final ZMQ.Socket monitor;
    private final AtomicInteger subscribers = new AtomicInteger();
    private final String endpoint;
    private final int blockTokens;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private long seq;

    KvEventPublisher(String bindAddress, int blockTokens) {
        this.blockTokens = blockTokens;
        this.socket = context.createSocket(SocketType.PUB);
        socket.setSndHWM(100_000);
        socket.bind(bindAddress);
        this.endpoint = socket.getLastEndpoint();
        // Connections accepted and lost, so a test can see a subscriber's socket close from this side.
        String events = "inproc://kv-events-monitor-" + System.identityHashCode(this);
        socket.monitor(events, ZMQ.EVENT_ACCEPTED | ZMQ.EVENT_DISCONNECTED);
        this.monitor = context.createSocket(SocketType.PAIR);
        monitor.connect(events);
        this.thread = new Thread(this::run, "kv-events-pub");
        thread.setDaemon(true);
        thread.start();
    }

    /** The bound address, with the port the system chose for a {@code *} port. */
    String endpoint() {
        return endpoint;
    }

    /** Subscribers connected now (TCP connections accepted and not yet lost), within 200 ms. */
    int subscribers() {
        return subscribers.get();
    }

    /** Blocks {@code hashes} were stored, following {@code parent} (null: they start a prompt). */
    void stored(long[] hashes, Long parent) {
        queue.add(new Stored(hashes, parent));
    }

    void removed(long hash) {
        queue.add(new Removed(hash));
    }

    void cleared() {
        queue.add(Cleared.INSTANCE);
    }

    private record Stored(long[] hashes, Long parent) {
    }

    private record Removed(long hash) {
    }

    private enum Cleared { INSTANCE }

    private void run() {
        List<Object> batch = new ArrayList<>();
        try {
            while (true) {
                Object first = queue.poll(200, TimeUnit.MILLISECONDS);
                countSubscribers();
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                boolean stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    send(encode(batch));
                }
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            monitor.close();
            socket.close();
            context.close();
        }
    }

    private void countSubscribers() {
        for (ZMQ.Event e = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT); e != null; e = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) {
            if (e.getEvent() == ZMQ.EVENT_ACCEPTED) {
                subscribers.incrementAndGet();
            } else if (e.getEvent() == ZMQ.EVENT_DISCONNECTED) {
                subscribers.decrementAndGet();
            }
        }
    }

    private void send(byte[] payload) {
        socket.sendMore(TOPIC);
        socket.sendMore(ByteBuffer.allocate(8).putLong(seq++).array());
        socket.send(payload);
    }

    byte[] encode(List<Object> events) {
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            out.packArrayHeader(2).packDouble(System.currentTimeMillis() / 1000.0);
            out.packArrayHeader(events.size());
            for (Object event : events) {
                if (event instanceof Stored s) {
                    out.packArrayHeader(7).packString("BlockStored");
                    out.packArrayHeader(s.hashes().length);
                    for (long h : s.hashes()) {
                        out.packLong(h);
                    }
                    if (s.parent() == null) {
                        out.packNil();
                    } else {
                        out.packLong(s.parent());
                    }
                    out.packArrayHeader(0).packInt(blockTokens).packNil().packString("GPU");
                } else if (event instanceof Removed r) {
                    out.packArrayHeader(3).packString("BlockRemoved").packArrayHeader(1).packLong(r.hash())
                            .packString("GPU");
                } else {
                    out.packArrayHeader(1).packString("AllBlocksCleared");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        queue.add(STOP);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
