package ai.factory.gateway.accounting.spool;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** {@code gateway.usage.spool-*}: where usage events wait while Redis cannot take them. */
@ConfigurationProperties("gateway.usage")
public final class SpoolConfig {

    /** Relative paths resolve against the working directory: {@code data/} is the local run's data dir. */
    private String spoolDir = "data/spool";
    /** How often the spool is fsynced and, when Redis answers, replayed: the most a machine crash can lose. */
    private Duration spoolReplayInterval = Duration.ofSeconds(1);
    /** A spool file is sealed and a new one begun past this size, so replays work in bounded pieces. */
    private long spoolMaxFileBytes = 64L * 1024 * 1024;
    /**
     * The most the spool directory may hold; past it, events are refused (logged whole at ERROR and
     * counted in {@code gateway.usage.spool.refused}) rather than filling the gateway's disk.
     */
    private long spoolMaxBytes = 1024L * 1024 * 1024;

    public long getSpoolMaxBytes() {
        return spoolMaxBytes;
    }

    public void setSpoolMaxBytes(long spoolMaxBytes) {
        this.spoolMaxBytes = spoolMaxBytes;
    }

    public String getSpoolDir() {
        return spoolDir;
    }

    public void setSpoolDir(String spoolDir) {
        this.spoolDir = spoolDir;
    }

    public Duration getSpoolReplayInterval() {
        return spoolReplayInterval;
    }

    public void setSpoolReplayInterval(Duration spoolReplayInterval) {
        this.spoolReplayInterval = spoolReplayInterval;
    }

    public long getSpoolMaxFileBytes() {
        return spoolMaxFileBytes;
    }

    public void setSpoolMaxFileBytes(long spoolMaxFileBytes) {
        this.spoolMaxFileBytes = spoolMaxFileBytes;
    }
}
