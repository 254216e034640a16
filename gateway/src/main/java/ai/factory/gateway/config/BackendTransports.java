package ai.factory.gateway.config;

import ai.factory.routing.backend.BackendTransport;
import ai.factory.routing.backend.JdkHttpTransport;
import ai.factory.routing.backend.netty.NettySettings;
import ai.factory.routing.backend.netty.NettyTransport;
import io.micronaut.http.netty.channel.EventLoopGroupConfiguration;
import io.micronaut.http.netty.channel.EventLoopGroupFactory;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.netty.channel.EventLoopGroup;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;

/**
 * The OpenAI-compatible pools' transport, from {@code gateway.backend.transport}: {@code netty}
 * (the default) runs each call on the event loop of the server connection it serves, in that
 * loop's connection pool; {@code jdk} is the JDK HTTP client, kept as a fallback.
 */
final class BackendTransports {

    private BackendTransports() {
    }

    static BackendTransport create(GatewayConfig.Transport kind, Duration connectTimeout, Duration idleTimeout, Duration keepAlive,
            String workerGroup, EventLoopGroupRegistry registry, EventLoopGroupFactory factory,
            OpenTelemetry openTelemetry) {
        switch (kind) {
            case JDK:
                return new JdkHttpTransport(connectTimeout, openTelemetry);
            case NETTY:
                // The server's worker group, so a call is made on the loop that read its request.
                workerGroup = workerGroup == null ? EventLoopGroupConfiguration.DEFAULT : workerGroup;
                EventLoopGroup loops = registry.getEventLoopGroup(workerGroup).orElseGet(registry::getDefaultEventLoopGroup);
                EventLoopGroupConfiguration loopConfig = registry.getEventLoopGroupConfiguration(workerGroup).orElse(null);
                return new NettyTransport(loops, () -> factory.clientSocketChannelInstance(loopConfig),
                        new NettySettings(connectTimeout, idleTimeout, keepAlive, 64), openTelemetry);
            default:
                throw new IllegalArgumentException(kind.toString());
        }
    }
}
