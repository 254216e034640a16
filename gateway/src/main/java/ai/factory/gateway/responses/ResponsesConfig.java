package ai.factory.gateway.responses;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** {@code gateway.responses.*}: how long and how much conversation state {@code store} keeps. */
@ConfigurationProperties("gateway.responses")
public final class ResponsesConfig {

    /** How long a stored response can be continued with {@code previous_response_id}. */
    private Duration ttl = Duration.ofHours(24);
    /** The most one stored conversation takes in Redis; its oldest turns go first beyond it. */
    private int maxStoredBytes = 256 * 1024;

    public Duration getTtl() {
        return ttl;
    }

    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

    public int getMaxStoredBytes() {
        return maxStoredBytes;
    }

    public void setMaxStoredBytes(int maxStoredBytes) {
        this.maxStoredBytes = maxStoredBytes;
    }
}
