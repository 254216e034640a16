package ai.factory.gateway.accounting.flush;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code gateway.usage.flusher.*}. Every instance flushes by default; a deployment that wants
 * the work on designated instances sets {@code enabled: false} on the others.
 *
 * @param group the consumer group every flusher joins; one group means each event is landed once
 * @param consumer this instance's consumer name; unset means host (pod) name and process id
 * @param block how long one XREADGROUP waits for new entries; kept below the connection's command timeout
 * @param claimIdle entries pending this long on any consumer are taken over with XAUTOCLAIM
 * @param drainWait at shutdown, how long to wait for requests still finishing before the last read
 * @param linger after a batch smaller than {@code batchSize}, how long to wait before the next read,
 *        so a trickle of events lands in batches instead of one read, transaction and XACK each;
 *        a full batch reads again at once, and shutdown cuts the wait short. 50 ms gathers about
 *        a hundred events at one busy connection's rate and delays the ledger less than the
 *        reader's own pause on an empty stream (250 ms). At most {@link #MAX_LINGER}: a typo of
 *        hours would hold small batches, and the ledger, back for hours
 */
@ConfigurationProperties("gateway.usage.flusher")
public record FlusherConfig(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "flushers") String group,
        @Nullable String consumer,
        @Bindable(defaultValue = "500") int batchSize,
        @Bindable(defaultValue = "1s") Duration block,
        @Bindable(defaultValue = "60s") Duration claimIdle,
        @Bindable(defaultValue = "10s") Duration claimInterval,
        @Bindable(defaultValue = "30s") Duration trimInterval,
        @Bindable(defaultValue = "30s") Duration maxBackoff,
        @Bindable(defaultValue = "30s") Duration drainWait,
        @Bindable(defaultValue = "50ms") Duration linger) {

    public static final Duration MAX_LINGER = Duration.ofSeconds(5);

    public FlusherConfig {
        if (linger != null && linger.compareTo(MAX_LINGER) > 0) {
            throw new ConfigurationException("gateway.usage.flusher.linger: " + linger.toMillis()
                    + " ms is above the allowed range (at most 5s; 0 or negative: off)");
        }
    }
}
