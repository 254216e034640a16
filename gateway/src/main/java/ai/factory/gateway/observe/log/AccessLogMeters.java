package ai.factory.gateway.observe.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.Appender;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.util.Iterator;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The access log's buffer as metrics (lines dropped because it was full, lines waiting), and its
 * flush when the application stops: after the server has finished its requests, every line they
 * logged is written before the process exits.
 */
@Context
public class AccessLogMeters {

    public static final String DROPPED = "gateway.access_log.dropped";
    public static final String QUEUED = "gateway.access_log.queued";
    /** Enough for a full queue on a slow disk; the shutdown grace period is far longer. */
    static final long FLUSH_ON_STOP_MILLIS = 5_000;

    private final Optional<AccessLogAppender> appender;

    public AccessLogMeters(MeterRegistry registry) {
        this.appender = find();
        appender.ifPresent(a -> {
            FunctionCounter.builder(DROPPED, a, AccessLogAppender::dropped)
                    .description("Access-log lines dropped because the log's buffer was full").register(registry);
            Gauge.builder(QUEUED, a, AccessLogAppender::queued)
                    .description("Access-log lines waiting to be written").register(registry);
        });
    }

    @PreDestroy
    void flush() throws InterruptedException {
        if (appender.isPresent()) {
            appender.get().awaitFlushed(FLUSH_ON_STOP_MILLIS);
        }
    }

    /** The buffer LogConfigurator puts in front of {@value AccessLogObserver#LOGGER}, if logback is the backend. */
    static Optional<AccessLogAppender> find() {
        if (!(LoggerFactory.getLogger(AccessLogObserver.LOGGER) instanceof Logger logger)) {
            return Optional.empty();
        }
        for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof AccessLogAppender access) {
                return Optional.of(access);
            }
        }
        return Optional.empty();
    }
}
