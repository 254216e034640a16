package ai.factory.emulator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running GPU backend emulator: an OpenAI-compatible HTTP server on plain Netty that behaves
 * like one vLLM instance (batch slots, waiting queue, time to first token, inter-token latency,
 * vLLM metrics, injected failures). Start it with {@link #start(EmulatorConfig)}, point a
 * client at {@link #baseUrl()}, close it when done.
 *
 * <pre>{@code
 * try (Emulator gpu = Emulator.start(EmulatorConfig.builder().port(0).build())) {
 *     String url = gpu.baseUrl() + "/v1/chat/completions";
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {

    /** Large enough for long prompts and embedding batches, small enough to bound memory. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final Engine engine;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    /** Connections ever accepted: a client's tests read it to see whether keep-alive connections are reused. */
    private final AtomicLong accepted;
    private final String host;
    private final int port;
    private volatile boolean closed;

    private Emulator(Engine engine, EventLoopGroup group, Channel serverChannel, ChannelGroup connections,
            AtomicLong accepted, String host) {
        this.engine = engine;
        this.group = group;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.accepted = accepted;
        this.host = host;
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Binds and starts serving; port 0 picks a free port, read it back with {@link #port()}. */
    public static Emulator start(EmulatorConfig config) {
        Engine engine = new Engine(config);
        Router router = new Router(engine);
        // One group both accepts and serves: accepting is cheap, and on small machines a
        // dedicated boss thread is a thread taken from the work. Daemon threads, so an
        // embedded emulator that a test forgets to close never keeps the JVM alive.
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("emulator-io", true), NioIoHandler.newFactory());
        ChannelGroup connections = new DefaultChannelGroup("emulator", GlobalEventExecutor.INSTANCE);
        AtomicLong accepted = new AtomicLong();
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        accepted.incrementAndGet();
                        channel.pipeline().addLast(
                                new HttpServerCodec(),
                                new HttpObjectAggregator(MAX_BODY_BYTES),
                                new HttpHandler(router));
                    }
                })
                .bind(config.host(), config.port())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            engine.closeKvEvents();
            throw new IllegalStateException(
                    "emulator could not listen on " + config.host() + ":" + config.port(), bound.cause());
        }
        return new Emulator(engine, group, bound.channel(), connections, accepted, config.host());
    }

    public int port() {
        return port;
    }

    /** {@code http://host:port}, without a trailing slash and without {@code /v1}. */
    public String baseUrl() {
        String visible = "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
        return "http://" + (visible.contains(":") ? "[" + visible + "]" : visible) + ":" + port;
    }

    public EmulatorConfig config() {
        return engine.config();
    }

    /**
     * Swaps latency, batch, model and failure settings while running; requests already in
     * flight finish with the settings they started with. Host and port are ignored.
     */
    public void reconfigure(EmulatorConfig config) {
        engine.reconfigure(config);
    }

    /** Inference requests (chat, completions, embeddings) received, whatever their outcome. */
    public long requestsServed() {
        return engine.metrics().requestsReceived.sum();
    }

    /** TCP connections accepted since the start, open or closed. */
    public long connectionsAccepted() {
        return accepted.get();
    }

    /** TCP connections open now. */
    public int openConnections() {
        return connections.size();
    }

    /** Sequences holding a batch slot now. */
    public int running() {
        return engine.scheduler().running();
    }

    /** Sequences waiting for a batch slot now. */
    public int waiting() {
        return engine.scheduler().waiting();
    }

    /** The {@code traceparent} header of the most recent request that carried one, or null. */
    public String lastTraceparent() {
        return engine.lastTraceparent();
    }

    /** Refuses new work (health turns 503), closes every connection and stops the threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        engine.markClosing();
        serverChannel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        engine.closeKvEvents();
    }

    /** Where its KV events are published ({@code tcp://host:port}), or null when they are off. */
    public String kvEventsEndpoint() {
        return engine.kvEventsEndpoint();
    }

    /** Subscribers connected to its KV events now, as its publisher's socket sees them (within 200 ms). */
    public int kvEventSubscribers() {
        return engine.kvEventSubscribers();
    }

    /** Completes when the emulator has been closed; lets a main thread wait for it. */
    void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().sync();
    }

    @Override
    public String toString() {
        return "Emulator{" + baseUrl() + ", " + engine.config() + "}";
    }
}
