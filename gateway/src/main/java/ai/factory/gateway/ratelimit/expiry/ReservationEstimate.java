package ai.factory.gateway.ratelimit.expiry;

import ai.factory.gateway.accounting.PriceList;
import ai.factory.gateway.accounting.UsageEvent;

/**
 * What admission writes down about a request so that it can be billed even if the instance
 * serving it dies: the usage event a reaper would append, and the model's prices to re-cost it
 * as tokens are counted.
 *
 * <p>The estimate a reaper bills: the prompt as the gateway counted it, and the answer's tokens
 * as counted at the last lease renewal (none if the instance died before the first renewal);
 * status {@code error}, HTTP status 0 (no final status was ever recorded), marked estimated.
 * Output is what was produced up to then, not the reservation's maximum: a tenant is never
 * billed for tokens nobody counted.
 */
public record ReservationEstimate(UsageEvent estimate, PriceList.Rate rate) {

    /** The estimate for a request that has produced nothing yet and came with no id of its own. */
    public static ReservationEstimate of(String requestId, long startEpochMillis, String tenantId, String keyId,
            String product, String operation, String modelAlias, long promptTokens, PriceList.Rate rate) {
        return of(requestId, startEpochMillis, tenantId, keyId, product, operation, modelAlias, promptTokens, rate, null);
    }

    /** The estimate for a request that has produced nothing yet. */
    public static ReservationEstimate of(String requestId, long startEpochMillis, String tenantId, String keyId, String product,
            String operation, String modelAlias, long promptTokens, PriceList.Rate rate, String clientRequestId) {
        UsageEvent estimate = new UsageEvent(requestId, startEpochMillis, tenantId, keyId, product, operation, modelAlias,
                null, null, null, promptTokens, 0, 0, rate.cost(promptTokens, 0, 0), UsageEvent.ERROR, false, 0, 0, -1,
                true, 0, clientRequestId);
        return new ReservationEstimate(estimate, rate);
    }

    long promptTokens() {
        return estimate.inputTokens();
    }
}
