package ai.factory.gateway.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code gateway.ratelimit.*}: what to do when Redis is unreachable, and timings.
 *
 * @param redisFailure fail-open: per-instance limits (limit / expected-instances); fail-closed: 503
 * @param leaseTtl how long a concurrency slot lives if its instance dies before releasing it
 * @param redisTimeout a Redis answer slower than this counts as Redis being unreachable. A lost
 *     connection fails at once (see RedisClientOptions); this only bounds a Redis that accepts but
 *     does not answer
 * @param batchRedisCalls join the admissions (and the settlements) of one shard that arrive while
 *     its previous call is out into one script call (see redis/Batcher); false: one call per request
 */
@ConfigurationProperties("gateway.ratelimit")
public record AdmissionConfig(
        @Bindable(defaultValue = "fail-open") RedisFailure redisFailure,
        @Bindable(defaultValue = "1") int expectedInstances,
        @Bindable(defaultValue = "10m") Duration leaseTtl,
        @Bindable(defaultValue = "2s") Duration redisTimeout,
        @Bindable(defaultValue = "true") boolean batchRedisCalls) {

    /** What admission does while Redis cannot be reached. */
    public enum RedisFailure {
        FAIL_OPEN,
        FAIL_CLOSED
    }

    public boolean failOpen() {
        return redisFailure == RedisFailure.FAIL_OPEN;
    }
}
