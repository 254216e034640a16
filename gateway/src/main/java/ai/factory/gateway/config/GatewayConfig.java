package ai.factory.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * {@code gateway.*}: request-path limits and timeouts.
 *
 * @param maxResponseBytes a non-streamed answer larger than this is refused rather than held in memory
 * @param defaultMaxTokens the answer's token ceiling assumed for a reservation when the request sets no max_tokens
 * @param maxOutputTokens the most one answer may ask for when its model alias sets no
 *     {@code max-output-tokens} and no context window: a larger max_tokens is a 400 before anything is reserved
 */
@ConfigurationProperties("gateway")
public record GatewayConfig(
        @Nullable Duration connectTimeout,
        @Nullable Duration firstByteTimeout,
        @Nullable Integer maxResponseBytes,
        @Nullable Long defaultMaxTokens,
        @Nullable Long maxOutputTokens,
        @Nullable Cache cache,
        @Nullable Backend backend) {

    /** The defaults; and Micronaut binds a nested block only when some key of it is set. */
    public GatewayConfig {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        firstByteTimeout = firstByteTimeout == null ? Duration.ofSeconds(60) : firstByteTimeout;
        maxResponseBytes = maxResponseBytes == null ? 16 * 1024 * 1024 : maxResponseBytes;
        defaultMaxTokens = defaultMaxTokens == null ? 1024L : defaultMaxTokens;
        maxOutputTokens = maxOutputTokens == null ? 131_072L : maxOutputTokens;
        cache = cache == null ? new Cache(null, null, null) : cache;
        backend = backend == null ? new Backend(null, null, null) : backend;
    }

    /** Every setting at its default, as an empty configuration binds. */
    public static GatewayConfig defaults() {
        return new GatewayConfig(null, null, null, null, null, null, null);
    }

    /**
     * {@code gateway.cache.*}: the response cache, on by default for an hour.
     *
     * @param maxEntryBytes answers larger than this (512 KiB by default) are not stored: a cache is for many small repeats
     */
    @ConfigurationProperties("cache")
    public record Cache(@Nullable Boolean enabled, @Nullable Duration ttl, @Nullable Integer maxEntryBytes) {

        public Cache {
            enabled = enabled == null || enabled;
            ttl = ttl == null ? Duration.ofHours(1) : ttl;
            maxEntryBytes = maxEntryBytes == null ? 512 * 1024 : maxEntryBytes;
        }
    }

    /**
     * {@code gateway.backend.*}: the OpenAI-compatible pools' transport (see {@link BackendTransports}).
     *
     * @param idleTimeout netty: longest silence mid-answer once the head is in (60 s by default)
     * @param keepAlive netty: unused backend connections close after this (4 s by default)
     */
    @ConfigurationProperties("backend")
    public record Backend(@Nullable Transport transport, @Nullable Duration idleTimeout, @Nullable Duration keepAlive) {

        public Backend {
            transport = transport == null ? Transport.NETTY : transport;
            idleTimeout = idleTimeout == null ? Duration.ofSeconds(60) : idleTimeout;
            keepAlive = keepAlive == null ? Duration.ofSeconds(4) : keepAlive;
        }
    }

    /** netty: each call on the event loop of the server connection it serves; jdk: the JDK HTTP client, a fallback. */
    public enum Transport {
        NETTY,
        JDK
    }
}
