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
