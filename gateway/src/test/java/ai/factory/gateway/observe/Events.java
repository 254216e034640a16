package ai.factory.gateway.observe;

import ai.factory.gateway.accounting.UsageEvent;

/** Usage events for the observers' tests. */
public final class Events {

    private Events() {
    }

    public static UsageEvent ok(String tenant, String model, long input, long output) {
        return new UsageEvent("req-" + tenant + "-" + input, 1_700_000_000_000L, tenant, "key-1", "summarize", "chat",
                model, model + "-served", "gpu", "http://127.0.0.1:9000", input, output, 3, 2_500_000_000L,
                UsageEvent.OK, false, 1, 1_200, 200, false, 200);
    }

    public static UsageEvent withStatus(UsageEvent e, String status, int httpStatus) {
        return new UsageEvent(e.requestId(), e.timestampMillis(), e.tenantId(), e.keyId(), e.product(), e.operation(),
                e.modelAlias(), status.equals(UsageEvent.REJECTED) ? null : e.servedModel(),
                status.equals(UsageEvent.REJECTED) ? null : e.pool(), e.endpoint(), e.inputTokens(), e.outputTokens(),
                e.cachedTokens(), e.costNanos(), status, e.cacheHit(), e.fallbacks(), e.latencyMillis(), e.ttftMillis(),
                e.estimated(), httpStatus);
    }

    public static UsageEvent cacheHit(UsageEvent e) {
        return new UsageEvent(e.requestId(), e.timestampMillis(), e.tenantId(), e.keyId(), e.product(), e.operation(),
                e.modelAlias(), e.servedModel(), e.pool(), e.endpoint(), e.inputTokens(), e.outputTokens(),
                e.cachedTokens(), 0, e.status(), true, 0, 5, 5, e.estimated(), e.httpStatus());
    }
}
