package ai.factory.gateway.observe;

import ai.factory.gateway.accounting.UsageEvent;
import io.opentelemetry.context.Context;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells every observer about an ended request; one observer's bug neither fails the request nor silences the others. */
public final class RequestObservers {

    private static final Logger LOG = LoggerFactory.getLogger(RequestObservers.class);

    private RequestObservers() {
    }

    public static void tell(List<RequestObserver> observers, UsageEvent event, Context trace, long startEpochNanos) {
        for (RequestObserver observer : observers) {
            try {
                observer.requestEnded(event, trace, startEpochNanos);
            } catch (RuntimeException e) {
                LOG.warn("request observer {} failed", observer.getClass().getSimpleName(), e);
            }
        }
    }
}
