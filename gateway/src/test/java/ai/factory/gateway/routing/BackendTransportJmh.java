package ai.factory.gateway.routing;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.backend.BackendTransport;
import ai.factory.routing.backend.JdkHttpTransport;
import ai.factory.routing.backend.netty.NettySettings;
import ai.factory.routing.backend.netty.NettyTransport;
import ai.factory.routing.pool.Endpoint;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One non-streamed call through each backend transport to an emulator that answers at once:
 * request out, head in, body read to its end. What differs is the transport's own cost (hops,
 * pooling, buffers). Run with {@code load-tests/scripts/jmh.sh BackendTransport -prof gc}; until the
 * routing module is installed, jmh.sh's class path holds the installed routing jar, so put
 * {@code routing/target/classes:load-tests/emulator/target/classes} in front of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BackendTransportJmh {

    private static final BackendRequest REQUEST = new BackendRequest("/v1/chat/completions",
            "{\"model\":\"emulated-model\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                    .getBytes(StandardCharsets.UTF_8), false, Map.of(), Duration.ofSeconds(10), Context.root());

    @Param({"netty", "jdk"})
    public String transport;

    private Emulator emulator;
    private EventLoopGroup loops;
    private BackendTransport client;
    private Endpoint endpoint;

    @Setup(Level.Trial)
    public void start() {
        emulator = Emulator.start(EmulatorConfig.builder().ttftMillis(0).interTokenMillis(0).build());
        endpoint = new Endpoint("gpu", URI.create(emulator.baseUrl()), 1, 1024);
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        client = transport.equals("netty")
                ? new NettyTransport(loops, NioSocketChannel::new, NettySettings.defaults(Duration.ofSeconds(2)), OpenTelemetry.noop())
                : new JdkHttpTransport(Duration.ofSeconds(2), OpenTelemetry.noop());
    }

    @TearDown(Level.Trial)
    public void stop() {
        emulator.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Benchmark
    public long call() throws Exception {
        return client.send(endpoint, REQUEST).get(10, TimeUnit.SECONDS).body()
                .map(b -> (long) b.remaining()).reduce(0L, Long::sum).block(Duration.ofSeconds(10));
    }
}
