package ai.factory.routing.pool;

/**
 * One scrape of a model server's own load gauges (vLLM's {@code /metrics}).
 *
 * @param waiting {@code vllm:num_requests_waiting}: sequences queued for a batch slot
 * @param running {@code vllm:num_requests_running}: sequences in the batch
 * @param kvUsage {@code vllm:kv_cache_usage_perc}, 0..1
 * @param scrapedAtNanos {@link System#nanoTime()} when the answer arrived
 */
public record ServerLoad(double waiting, double running, double kvUsage, long scrapedAtNanos) {
}
