package ai.factory.routing.backend.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Connection pools per event loop and endpoint, and the opening of new connections on the loop
 * that will own them. A call finds its loop's pool with no lock and no hop.
 */
final class LoopPools {

    /**
     * Host names are resolved, and the TLS context built, off the loop (both block); only new
     * connections need it.
     */
    private static final Executor OFF_LOOP = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "backend-connect");
        thread.setDaemon(true);
        return thread;
    });

    /** A read's worth per piece (the default 8 KiB would cut one read into several pieces to hand on). */
    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig().setMaxChunkSize(64 * 1024).setMaxHeaderSize(16 * 1024);

    private final ChannelFactory<? extends Channel> channels;
    private final NettySettings settings;
    private final Supplier<SslContext> tlsFactory;
    private final boolean verifyHostname;
    /** Built by the first https connection, off the loops: a gateway with plain-http pools never builds it. */
    private volatile CompletableFuture<SslContext> tls;
    private final Map<EventLoop, Map<String, ConnectionPool>> byLoop = new ConcurrentHashMap<>();

    LoopPools(ChannelFactory<? extends Channel> channels, NettySettings settings, Supplier<SslContext> tls,
            boolean verifyHostname) {
        this.channels = channels;
        this.settings = settings;
        this.tlsFactory = tls;
        this.verifyHostname = verifyHostname;
    }

    /** The loop's pool for the endpoint; call on {@code loop}. */
    ConnectionPool pool(EventLoop loop, URI base) {
        Map<String, ConnectionPool> pools = byLoop.computeIfAbsent(loop, this::startSweeping);
        return pools.computeIfAbsent(key(base), k -> new ConnectionPool(settings.keepAlive().toNanos(),
                settings.maxIdlePerEndpoint()));
    }

    private Map<String, ConnectionPool> startSweeping(EventLoop loop) {
        Map<String, ConnectionPool> pools = new HashMap<>();
        long every = Math.max(1, settings.keepAlive().toMillis() / 2);
        loop.scheduleAtFixedRate(() -> pools.values().forEach(ConnectionPool::sweep), every, every, TimeUnit.MILLISECONDS);
        return pools;
    }

    /** Opens a connection owned by {@code loop}; exactly one of the callbacks runs, on the loop. */
    void connect(EventLoop loop, URI base, ConnectionPool pool, Consumer<Connection> opened, Consumer<Throwable> failed) {
        if (!"https".equalsIgnoreCase(base.getScheme())) {
            resolve(loop, base, pool, null, opened, failed);
            return;
        }
        CompletableFuture<SslContext> context = tls();
        BiConsumer<SslContext, Throwable> next = (ready, error) -> {
            if (error != null) {
                failed.accept(error instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : error);
            } else {
                resolve(loop, base, pool, ready, opened, failed);
            }
        };
        if (context.isDone()) {
            context.whenComplete(next); // runs here, on the loop
        } else {
            context.whenComplete((ready, error) -> loop.execute(() -> next.accept(ready, error)));
        }
    }

    private CompletableFuture<SslContext> tls() {
        CompletableFuture<SslContext> context = tls;
        if (context == null) {
            synchronized (this) {
                context = tls;
                if (context == null) {
                    // Reading the trust store blocks and takes tens of ms of CPU: not on a loop.
                    context = CompletableFuture.supplyAsync(tlsFactory, OFF_LOOP);
                    tls = context;
                }
            }
        }
        return context;
    }

    private void resolve(EventLoop loop, URI base, ConnectionPool pool, SslContext tls, Consumer<Connection> opened,
            Consumer<Throwable> failed) {
        String host = base.getHost();
        int port = port(base);
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            open(loop, base, new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(host), port), pool,
                    tls, opened, failed);
            return;
        }
        CompletableFuture.supplyAsync(() -> new InetSocketAddress(host, port), OFF_LOOP).whenComplete((address, error) ->
                loop.execute(() -> {
                    if (error != null) {
                        failed.accept(error);
                    } else if (address.isUnresolved()) {
                        failed.accept(new UnknownHostException(host));
                    } else {
                        open(loop, base, address, pool, tls, opened, failed);
                    }
                }));
    }

    /** {@code tls} is null for plain http. */
    private void open(EventLoop loop, URI base, InetSocketAddress address, ConnectionPool pool, SslContext tls,
            Consumer<Connection> opened, Consumer<Throwable> failed) {
        Connection connection = new Connection(pool);
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channelFactory(channels)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                // Reads only when the call asks: a client that stops reading stops the backend socket too.
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (tls != null) {
                            channel.pipeline().addLast(tlsHandler(tls, channel, base.getHost(), address.getPort()));
                        }
                        channel.pipeline().addLast(new HttpClientCodec(DECODER, false, false), connection);
                    }
                })
                .connect(address);
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                opened.accept(connection);
            } else {
                failed.accept(f.cause());
            }
        });
    }

    private SslHandler tlsHandler(SslContext tls, Channel channel, String host, int port) {
        SslHandler handler = tls.newHandler(channel.alloc(), host, port);
        if (verifyHostname) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        handler.setHandshakeTimeoutMillis(settings.connectTimeout().toMillis());
        return handler;
    }

    int idleCount(EventLoop loop, URI base) {
        Map<String, ConnectionPool> pools = byLoop.get(loop);
        ConnectionPool pool = pools == null ? null : pools.get(key(base));
        return pool == null ? 0 : pool.idleCount();
    }

    void close() {
        byLoop.forEach((loop, pools) -> {
            if (!loop.isShuttingDown()) {
                loop.execute(() -> pools.values().forEach(ConnectionPool::closeAll));
            }
        });
    }

    static int port(URI base) {
        if (base.getPort() != -1) {
            return base.getPort();
        }
        return "https".equalsIgnoreCase(base.getScheme()) ? 443 : 80;
    }

    private static String key(URI base) {
        return base.getScheme() + "://" + base.getHost() + ":" + port(base);
    }
}
