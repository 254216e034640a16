package ai.factory.routing.backend.netty;

import ai.factory.routing.backend.BackendRequest;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Two event loops standing in for the gateway server's, and requests to send on them. */
final class Loops implements AutoCloseable {

    static final byte[] CHAT = "{\"model\":\"emulated-model\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] STREAMED_CHAT = ("{\"model\":\"emulated-model\",\"stream\":true,\"max_tokens\":2000,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").getBytes(StandardCharsets.UTF_8);

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("test-loop", true),
            NioIoHandler.newFactory());
    final EventLoop first = group.next();
    final EventLoop second = group.next();

    NettyTransport transport(NettySettings settings) {
        return new NettyTransport(group, NioSocketChannel::new, settings, OpenTelemetry.noop());
    }

    static NettySettings settings() {
        return NettySettings.defaults(Duration.ofSeconds(2));
    }

    static BackendRequest request(byte[] body, boolean stream) {
        return new BackendRequest("/v1/chat/completions", body, stream, Map.of(), Duration.ofSeconds(10), Context.root());
    }

    static <T> T on(EventLoop loop, Callable<T> action) throws Exception {
        return loop.submit(action).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
