package ai.factory.simulation;

/**
 * One balancer on one workload.
 *
 * @param ttftP50Ms time to first token percentiles over the requests sent in the measured window;
 *     a request that never got its first token counts with the time it had waited when the run ended
 * @param tokensPerSecond output tokens that arrived during the measured window, per second
 * @param prefixHitRate prompt tokens served from a prefix cache / prompt tokens, over the window
 */
record Outcome(String workload, String balancer, double offeredPerSecond, int sent, int completed, int failed,
        double ttftP50Ms, double ttftP90Ms, double ttftP99Ms, double tokensPerSecond, double prefixHitRate) {
}
