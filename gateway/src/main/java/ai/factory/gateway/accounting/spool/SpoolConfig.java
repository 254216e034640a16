package ai.factory.gateway.accounting.spool;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code gateway.usage.spool-*}: where usage events wait while Redis cannot take them.
 *
 * @param spoolDir relative paths resolve against the working directory: {@code data/} is the local run's data dir
 * @param spoolReplayInterval how often the spool is fsynced and, when Redis answers, replayed: the
 *     most a machine crash can lose
 * @param spoolMaxFileBytes a spool file is sealed and a new one begun past this size, so replays
 *     work in bounded pieces
 * @param spoolMaxBytes the most the spool directory may hold; past it, events are refused (logged
 *     whole at ERROR and counted in {@code gateway.usage.spool.refused}) rather than filling the disk
 */
@ConfigurationProperties("gateway.usage")
public record SpoolConfig(
        @Bindable(defaultValue = "data/spool") String spoolDir,
        @Bindable(defaultValue = "1s") Duration spoolReplayInterval,
        @Bindable(defaultValue = "67108864") long spoolMaxFileBytes,
        @Bindable(defaultValue = "1073741824") long spoolMaxBytes) {
}
