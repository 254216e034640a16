package ai.factory.simulation;

/**
 * One scenario's measurements.
 *
 * @param ttftP50Ms time to first token percentiles over the requests sent in the measured window
 *     and not refused; a request that never got its first token counts with the time it had
 *     waited when the run ended. Time held at the gateway by SLO admission is included.
 * @param tokensPerSecond output tokens that arrived during the measured window, per second
 * @param prefixHitRate prompt tokens served from a prefix cache / prompt tokens, over the window
 * @param goodput requests per second whose first token came within their tier's objective (NaN
 *     for workloads without tiers)
 * @param enterpriseP90Ms p90 time to first token of the enterprise tier (NaN without tiers)
 */
record Outcome(String workload, String balancer, int instances, double offeredPerSecond, int sent, int completed,
        int failed, int refused, double ttftP50Ms, double ttftP90Ms, double ttftP99Ms, double tokensPerSecond,
        double prefixHitRate, double goodput, double enterpriseP90Ms) {
}
