package ai.factory.gateway.ratelimit.expiry;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code gateway.ratelimit.expiry.*}. Timings derive from {@code gateway.ratelimit.lease-ttl}:
 * live requests renew every third of it, and every instance sweeps for expired reservations as
 * often; a reaper's claim on a record lasts one ttl.
 */
@ConfigurationProperties("gateway.ratelimit.expiry")
public final class ExpiryConfig {

    /** Record reservations, renew them and reap the expired ones. */
    private boolean enabled = true;
    /** Most expired records one sweep claims from one index. */
    private int batch = 200;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getBatch() {
        return batch;
    }

    public void setBatch(int batch) {
        this.batch = batch;
    }
}
