package ai.factory.routing.backend.netty;

import java.time.Duration;

/**
 * The netty transport's limits.
 *
 * @param connectTimeout how long a new TCP (and TLS) connection may take
 * @param idleTimeout the longest silence between two pieces of an answer once its head is in;
 *     time a slow client spends not reading does not count
 * @param keepAlive how long an unused connection stays in the pool; below the servers' own
 *     keep-alive (vLLM and uvicorn close after 5 s), so the gateway rarely picks one that the
 *     server is closing at that moment
 * @param maxIdlePerEndpoint unused connections kept per endpoint and event loop; more are closed
 */
public record NettySettings(Duration connectTimeout, Duration idleTimeout, Duration keepAlive, int maxIdlePerEndpoint) {

    public NettySettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()
                || keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("netty transport timeouts must be positive");
        }
        if (maxIdlePerEndpoint < 0) {
            throw new IllegalArgumentException("max idle connections per endpoint must be >= 0");
        }
    }

    public static NettySettings defaults(Duration connectTimeout) {
        return new NettySettings(connectTimeout, Duration.ofSeconds(60), Duration.ofSeconds(4), 64);
    }
}
