package ai.factory.gateway.observe;

import ai.factory.gateway.accounting.UsageEvent;
import io.opentelemetry.context.Context;

/**
 * Told once about every authenticated request when it ends, with the same usage event that is
 * billed: metrics, the access log and GenAI spans all describe exactly what the ledger holds.
 * Called on the request's thread (possibly an event loop): implementations must not block.
 */
public interface RequestObserver {

    /**
     * @param event what the request used and how it ended
     * @param trace the request's trace context (its server span), for child spans
     * @param startEpochNanos when the request arrived, for spans that cover the whole request
     */
    void requestEnded(UsageEvent event, Context trace, long startEpochNanos);

    /** The same, with the request's parameters; observers that record them override this one. */
    default void requestEnded(UsageEvent event, RequestDetails details, Context trace, long startEpochNanos) {
        requestEnded(event, trace, startEpochNanos);
    }
}
