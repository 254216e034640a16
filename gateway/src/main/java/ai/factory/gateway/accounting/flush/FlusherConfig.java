package ai.factory.gateway.accounting.flush;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code gateway.usage.flusher.*}. Every instance flushes by default; a deployment that wants
 * the work on designated instances sets {@code enabled: false} on the others.
 */
@ConfigurationProperties("gateway.usage.flusher")
public final class FlusherConfig {

    private boolean enabled = true;
    /** The consumer group every flusher joins; one group means each event is landed once. */
    private String group = "flushers";
    /** This instance's consumer name; unset means host (pod) name and process id. */
    private String consumer;
    private int batchSize = 500;
    /** How long one XREADGROUP waits for new entries; kept below the connection's command timeout. */
    private Duration block = Duration.ofSeconds(1);
    /** Entries pending this long on any consumer are taken over with XAUTOCLAIM. */
    private Duration claimIdle = Duration.ofSeconds(60);
    private Duration claimInterval = Duration.ofSeconds(10);
    private Duration trimInterval = Duration.ofSeconds(30);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration drainWait = Duration.ofSeconds(30);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getConsumer() {
        return consumer;
    }

    public void setConsumer(String consumer) {
        this.consumer = consumer;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getBlock() {
        return block;
    }

    public void setBlock(Duration block) {
        this.block = block;
    }

    public Duration getClaimIdle() {
        return claimIdle;
    }

    public void setClaimIdle(Duration claimIdle) {
        this.claimIdle = claimIdle;
    }

    public Duration getClaimInterval() {
        return claimInterval;
    }

    public void setClaimInterval(Duration claimInterval) {
        this.claimInterval = claimInterval;
    }

    public Duration getTrimInterval() {
        return trimInterval;
    }

    public void setTrimInterval(Duration trimInterval) {
        this.trimInterval = trimInterval;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    /** At shutdown, how long to wait for requests still finishing before the last read. */
    public Duration getDrainWait() {
        return drainWait;
    }

    public void setDrainWait(Duration drainWait) {
        this.drainWait = drainWait;
    }
}
