package ai.factory.gateway.accounting.spool;

import ai.factory.gateway.accounting.UsageEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a usage event goes when Redis cannot take it: one JSON line (the event's stream fields,
 * exactly what XADD would have stored) appended to a local file, replayed into the stream by
 * {@link SpoolReplayer} once Redis answers again. The ledger dedups by request id, so an event
 * that reached Redis after all and is replayed too is still billed once.
 *
 * <p>{@link #append} costs one small {@code write} to the OS page cache under a lock, so it may
 * be called from an event loop or a Lettuce callback.
 */
@Singleton
public class UsageSpool {

    private static final Logger LOG = LoggerFactory.getLogger(UsageSpool.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SpoolFiles files;
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public UsageSpool(SpoolConfig config) {
        try {
            this.files = new SpoolFiles(Path.of(config.spoolDir()), config.spoolMaxFileBytes(),
                    config.spoolMaxBytes(), FileChannel::write);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the usage spool directory " + config.spoolDir(), e);
        }
    }

    /** Never throws: a failure to spool is logged with the whole event, the last place it exists. */
    public void append(UsageEvent event) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(event.toFields()) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.error("usage event {} could not be encoded for the spool: {}", event.requestId(), event, e);
            return;
        }
        try {
            files.append(line);
            appended.incrementAndGet();
        } catch (SpoolFiles.SpoolFullException full) {
            // Not billed unless an operator re-adds this line to the stream: the log is its last copy.
            refused.incrementAndGet();
            LOG.error("usage event LOST unless recovered from this line (spool full: {}): {}", full.getMessage(),
                    new String(line, StandardCharsets.UTF_8).trim());
        } catch (IOException | RuntimeException e) {
            refused.incrementAndGet();
            LOG.error("usage event LOST unless recovered from this line (spool write failed): {}",
                    new String(line, StandardCharsets.UTF_8).trim(), e);
        }
    }

    /** Events appended since start; a non-zero value means Redis was unreachable at some point. */
    public long appended() {
        return appended.get();
    }

    /** Events the spool could not take (full, or the disk refused the write); each was logged whole. */
    public long refused() {
        return refused.get();
    }

    /** Bytes waiting in the spool directory. */
    public long usedBytes() {
        return files.usedBytes();
    }

    SpoolFiles files() {
        return files;
    }

    @PreDestroy
    void close() throws IOException {
        files.close();
    }
}
