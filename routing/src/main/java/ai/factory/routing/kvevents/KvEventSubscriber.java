package ai.factory.routing.kvevents;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Subscribes to one model server's KV events (vLLM's {@code --kv-events-config} with the
 * {@code zmq} publisher) and applies them to a {@link KvBlockIndex}. vLLM sends each batch as
 * three frames: the topic, an 8-byte big-endian sequence number, and the msgpack payload.
 *
 * <p>One daemon thread per server owns its SUB socket (ZMQ sockets are single-threaded). A gap in
 * the sequence numbers (the PUB socket drops messages for slow subscribers) makes the index forget
 * that server rather than trust a view with holes; a payload that does not decode is skipped and
 * counted. Neither stops the subscription.
 *
 * <p>A SUB connection can go deaf: connected, subscribed, and never delivering (a jeromq SUB in
 * about ten did so in tests; a half-open TCP connection does the same). The index says when
 * requests were routed to the server; when the first of them is {@code deafAfter} old and
 * nothing has been heard since, the socket is replaced by a fresh one. A reconnect that was not
 * needed costs one TCP connection; a missed message shows as a sequence gap and clears the view.
 */
public final class KvEventSubscriber implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KvEventSubscriber.class.getName());

    /** Ten seconds: a prefill publishes within one engine step, well under a second even when busy. */
    public static final Duration DEFAULT_DEAF_AFTER = Duration.ofSeconds(10);

    private final ZContext context = new ZContext(1);
    private final String zmqEndpoint;
    private final String endpointKey;
    private final KvBlockIndex index;
    private final byte[] topic;
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final AtomicLong maxLagMillis = new AtomicLong();
    private final long deafAfterNanos;
    private volatile boolean running = true;
    private long lastSeq = -1;

    /**
     * @param zmqEndpoint the server's publisher, e.g. {@code tcp://gpu-0:5557}
     * @param endpointKey the endpoint's base URL, the index's key
     * @param topic the topic vLLM publishes under (empty by default)
     */
    public KvEventSubscriber(String zmqEndpoint, String endpointKey, KvBlockIndex index, String topic) {
        this(zmqEndpoint, endpointKey, index, topic, DEFAULT_DEAF_AFTER);
    }

    /**
     * @param deafAfter how long after a request was routed to the server, with nothing heard
     *     since, the connection counts as deaf and is replaced
     */
    public KvEventSubscriber(String zmqEndpoint, String endpointKey, KvBlockIndex index, String topic,
            Duration deafAfter) {
        if (deafAfter.isNegative() || deafAfter.isZero()) {
            throw new IllegalArgumentException("kv-events deaf-after must be positive: " + deafAfter);
        }
        this.deafAfterNanos = deafAfter.toNanos();
        this.zmqEndpoint = zmqEndpoint;
        this.endpointKey = endpointKey;
        this.index = index;
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
        this.thread = new Thread(this::run, "kv-events " + endpointKey);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                ZMQ.Socket socket = context.createSocket(SocketType.SUB);
                try {
                    socket.setReceiveTimeOut(200);
                    socket.setRcvHWM(100_000);
                    socket.subscribe(topic);
                    socket.connect(zmqEndpoint);
                    listen(socket);
                } finally {
                    context.destroySocket(socket);
                }
                if (running) {
                    reconnects.incrementAndGet();
                    LOG.info(() -> "KV events from " + zmqEndpoint + ": nothing heard since requests were routed"
                            + " there; reconnecting");
                }
            }
        } catch (ZMQException e) {
            if (running) {
                LOG.log(Level.WARNING, "KV events from " + zmqEndpoint + " stopped", e);
            }
        }
    }

    /** Receives until closed or deaf. */
    private void listen(ZMQ.Socket socket) {
        while (running) {
            byte[] first = socket.recv();
            if (first == null) {
                long since = index.unheardSince(endpointKey);
                if (since != KvBlockIndex.NONE && System.nanoTime() - since > deafAfterNanos) {
                    // Start the wait over: the next route after the reconnect is the next evidence.
                    index.heard(endpointKey);
                    return;
                }
                continue;
            }
            byte[] seq = socket.hasReceiveMore() ? socket.recv() : null;
            byte[] payload = socket.hasReceiveMore() ? socket.recv() : null;
            while (socket.hasReceiveMore()) {
                socket.recv();
            }
            index.heard(endpointKey);
            handle(seq, payload);
        }
    }

    /** One message's sequence and payload frames; package-private so the rules are unit-testable. */
    void handle(byte[] seq, byte[] payload) {
        if (seq == null || seq.length != 8 || payload == null) {
            malformed.incrementAndGet();
            return;
        }
        long n = ByteBuffer.wrap(seq).getLong();
        if (lastSeq >= 0 && n != lastSeq + 1) {
            gaps.incrementAndGet();
            index.forget(endpointKey);
        }
        lastSeq = n;
        try {
            KvEventBatch batch = KvEventDecoder.decode(payload);
            index.apply(endpointKey, batch);
            batches.incrementAndGet();
            // The server's publish time against ours: meaningful where the clocks agree (tests, the simulation).
            long lag = Math.max(0, System.currentTimeMillis() - Math.round(batch.ts() * 1000));
            lagMillis.addAndGet(lag);
            maxLagMillis.accumulateAndGet(lag, Math::max);
        } catch (KvEventFormatException e) {
            malformed.incrementAndGet();
        }
    }

    /** The publisher this subscribes to, e.g. {@code tcp://gpu-0:5557}. */
    public String zmqEndpoint() {
        return zmqEndpoint;
    }

    /** The endpoint's base URL, its key in the index. */
    public String endpoint() {
        return endpointKey;
    }

    /** False once closed: its socket and thread are gone. */
    public boolean isOpen() {
        return running;
    }

    public long batches() {
        return batches.get();
    }

    /** Summed over the batches applied: publish (the batch's timestamp) to applied, in ms. */
    public long lagMillis() {
        return lagMillis.get();
    }

    public long maxLagMillis() {
        return maxLagMillis.get();
    }

    public long gaps() {
        return gaps.get();
    }

    public long malformed() {
        return malformed.get();
    }

    /** Sockets replaced because the connection had gone deaf. */
    public long reconnects() {
        return reconnects.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
