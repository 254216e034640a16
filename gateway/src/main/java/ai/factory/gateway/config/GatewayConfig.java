package ai.factory.gateway.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** {@code gateway.*}: request-path limits and timeouts. */
@ConfigurationProperties("gateway")
public final class GatewayConfig {

    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration firstByteTimeout = Duration.ofSeconds(60);
    /** A non-streamed answer larger than this is refused rather than held in memory. */
    private int maxResponseBytes = 16 * 1024 * 1024;
    /** The answer's token ceiling assumed for a reservation when the request sets no max_tokens. */
    private long defaultMaxTokens = 1024;
    /**
     * The most one answer may ask for when its model alias sets no {@code max-output-tokens} and
     * no context window: a larger max_tokens is a 400 before anything is reserved.
     */
    private long maxOutputTokens = 131_072;
    private Cache cache = new Cache();

    /** {@code gateway.cache.*}: the response cache. */
    @io.micronaut.context.annotation.ConfigurationProperties("cache")
    public static final class Cache {
        private boolean enabled = true;
        private Duration ttl = Duration.ofHours(1);
        /** Answers larger than this are not stored (a cache is for many small repeats). */
        private int maxEntryBytes = 512 * 1024;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public int getMaxEntryBytes() {
            return maxEntryBytes;
        }

        public void setMaxEntryBytes(int maxEntryBytes) {
            this.maxEntryBytes = maxEntryBytes;
        }
    }

    public long getDefaultMaxTokens() {
        return defaultMaxTokens;
    }

    public void setDefaultMaxTokens(long defaultMaxTokens) {
        this.defaultMaxTokens = defaultMaxTokens;
    }

    public long getMaxOutputTokens() {
        return maxOutputTokens;
    }

    public void setMaxOutputTokens(long maxOutputTokens) {
        this.maxOutputTokens = maxOutputTokens;
    }

    public Cache getCache() {
        return cache;
    }

    public void setCache(Cache cache) {
        this.cache = cache;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getFirstByteTimeout() {
        return firstByteTimeout;
    }

    public void setFirstByteTimeout(Duration firstByteTimeout) {
        this.firstByteTimeout = firstByteTimeout;
    }

    public int getMaxResponseBytes() {
        return maxResponseBytes;
    }

    public void setMaxResponseBytes(int maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
    }
}
