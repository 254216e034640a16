package ai.factory.gateway.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** {@code gateway.ratelimit.*}: what to do when Redis is unreachable, and timings. */
@ConfigurationProperties("gateway.ratelimit")
public final class AdmissionConfig {

    /** fail-open: per-instance limits (limit / expected-instances); fail-closed: 503. */
    private String redisFailure = "fail-open";
    private int expectedInstances = 1;
    /** How long a concurrency slot lives if its instance dies before releasing it. */
    private Duration leaseTtl = Duration.ofMinutes(10);
    /**
     * A Redis answer slower than this counts as Redis being unreachable. A lost connection fails
     * at once (see RedisClientOptions); this only bounds a Redis that accepts but does not answer.
     */
    private Duration redisTimeout = Duration.ofSeconds(2);
    /**
     * Join the admissions (and the settlements) of one shard that arrive while its previous call
     * is out into one script call (see redis/Batcher). false: one call per request, as before.
     */
    private boolean batchRedisCalls = true;

    public boolean failOpen() {
        return !"fail-closed".equalsIgnoreCase(redisFailure);
    }

    public String getRedisFailure() {
        return redisFailure;
    }

    public void setRedisFailure(String redisFailure) {
        this.redisFailure = redisFailure;
    }

    public int getExpectedInstances() {
        return expectedInstances;
    }

    public void setExpectedInstances(int expectedInstances) {
        this.expectedInstances = expectedInstances;
    }

    public Duration getLeaseTtl() {
        return leaseTtl;
    }

    public void setLeaseTtl(Duration leaseTtl) {
        this.leaseTtl = leaseTtl;
    }

    public Duration getRedisTimeout() {
        return redisTimeout;
    }

    public void setRedisTimeout(Duration redisTimeout) {
        this.redisTimeout = redisTimeout;
    }

    public boolean isBatchRedisCalls() {
        return batchRedisCalls;
    }

    public void setBatchRedisCalls(boolean batchRedisCalls) {
        this.batchRedisCalls = batchRedisCalls;
    }
}
