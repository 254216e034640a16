package ai.factory.gateway.observe.log;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.observe.ObservabilityConfig;
import ai.factory.gateway.observe.RequestObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request on the {@value #LOGGER} logger: who, what, how it ended, how long,
 * how many tokens. Built from the usage event, which holds no prompt or completion text, so the
 * log never does either. LogConfigurator sends this logger through an asynchronous, never-blocking
 * appender with a bare {@code %msg} pattern, so each line is pure JSON for a log shipper.
 */
@Singleton
public class AccessLogObserver implements RequestObserver {

    public static final String LOGGER = "gateway.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final boolean enabled;

    public AccessLogObserver(ObservabilityConfig config) {
        this.enabled = config.accessLog();
    }

    @Override
    public void requestEnded(UsageEvent event, Context trace, long startEpochNanos) {
        if (enabled && LOG.isInfoEnabled()) {
            SpanContext span = trace == null ? SpanContext.getInvalid() : Span.fromContext(trace).getSpanContext();
            LOG.info(AccessLogLine.of(event, span.isValid() ? span.getTraceId() : null));
        }
    }
}
