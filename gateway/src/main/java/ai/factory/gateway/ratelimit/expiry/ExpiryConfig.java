package ai.factory.gateway.ratelimit.expiry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code gateway.ratelimit.expiry.*}. Timings derive from {@code gateway.ratelimit.lease-ttl}:
 * live requests renew every third of it, and every instance sweeps for expired reservations as
 * often; a reaper's claim on a record lasts one ttl.
 *
 * @param enabled record reservations, renew them and reap the expired ones
 * @param batch most expired records one sweep claims from one index
 */
@ConfigurationProperties("gateway.ratelimit.expiry")
public record ExpiryConfig(@Bindable(defaultValue = "true") boolean enabled, @Bindable(defaultValue = "200") int batch) {
}
