package ai.factory.gateway.responses;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code gateway.responses.*}: how long and how much conversation state {@code store} keeps.
 *
 * @param ttl how long a stored response can be continued with {@code previous_response_id}
 * @param maxStoredBytes the most one stored conversation takes in Redis; its oldest turns go first beyond it
 */
@ConfigurationProperties("gateway.responses")
public record ResponsesConfig(@Bindable(defaultValue = "24h") Duration ttl,
        @Bindable(defaultValue = "262144") int maxStoredBytes) {
}
