package ai.factory.gateway.mcp.upstream;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageEventCodec;
import ai.factory.gateway.accounting.spool.UsageSpool;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.observe.RequestObserver;
import ai.factory.gateway.observe.RequestObservers;
import ai.factory.gateway.redis.RedisStore;
import ai.factory.observability.GenAiAttributes;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One usage event per upstream tool call, appended to the tenant's usage stream (one Redis call
 * after the upstream answered) or, when Redis refuses it, to the local spool. The ledger's
 * {@code product} holds the aggregated tool name ({@code <upstream>__<tool>}): usage already
 * groups by product, and behind {@code /mcp} products and upstream tools share one namespace of
 * tool names. {@code operation} is GenAI's {@code execute_tool}; {@code endpoint} the upstream's
 * name (never its URL, whose query could hold a secret); tokens and cost are zero.
 *
 * <p>The same event then reaches every {@link RequestObserver}, as a pipeline request's does: the
 * tool call is counted, traced ({@code execute_tool} span under the request's) and access-logged.
 * The event holds no arguments or results, so none of them can either.
 */
@Singleton
public class ToolCallUsage {

    static final String CHANNEL = "mcp";
    static final String OPERATION = GenAiAttributes.OPERATION_EXECUTE_TOOL;

    private final RedisStore store;
    private final UsageSpool spool;
    private final List<RequestObserver> observers;

    public ToolCallUsage(RedisStore store, UsageSpool spool, List<RequestObserver> observers) {
        this.store = store;
        this.spool = spool;
        this.observers = observers;
    }

    void record(String requestId, long startEpochMillis, long latencyMillis, Context trace, Caller caller,
            String upstream, String tool, String status, int httpStatus) {
        UsageEvent event = new UsageEvent(requestId, startEpochMillis, caller.tenantId(), caller.keyId(), tool,
                OPERATION, null, null, null, upstream, 0, 0, 0, 0, status, false, 0, latencyMillis, -1, false,
                httpStatus, null, null, CHANNEL, null);
        try {
            store.async().xadd(store.keys().usageStream(caller.tenantId()), Map.of(UsageEventCodec.FIELD,
                    UsageEventCodec.encode(event))).whenComplete((id, failure) -> {
                        if (failure != null) {
                            spool.append(event);
                        }
                    });
        } catch (RuntimeException refused) {
            spool.append(event);
        }
        RequestObservers.tell(observers, event, trace, TimeUnit.MILLISECONDS.toNanos(startEpochMillis));
    }
}
