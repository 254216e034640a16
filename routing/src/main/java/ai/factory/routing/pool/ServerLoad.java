package ai.factory.routing.pool;

import java.util.Set;

/**
 * One scrape of a model server's own load gauges (vLLM's {@code /metrics}).
 *
 * @param waiting {@code vllm:num_requests_waiting}: sequences queued for a batch slot
 * @param running {@code vllm:num_requests_running}: sequences in the batch
 * @param kvUsage {@code vllm:kv_cache_usage_perc}, 0..1
 * @param scrapedAtNanos {@link System#nanoTime()} when the answer arrived
 * @param loraAdapters adapters with running or waiting requests, from the latest
 *     {@code vllm:lora_requests_info} series; empty when the server reports none
 * @param maxLoras that series' {@code max_lora}: adapters the server can hold at once; 0 when unknown
 */
public record ServerLoad(double waiting, double running, double kvUsage, long scrapedAtNanos, Set<String> loraAdapters,
        int maxLoras) {

    public ServerLoad {
        loraAdapters = loraAdapters == null ? Set.of() : Set.copyOf(loraAdapters);
    }

    public ServerLoad(double waiting, double running, double kvUsage, long scrapedAtNanos) {
        this(waiting, running, kvUsage, scrapedAtNanos, Set.of(), 0);
    }

    /** Whether the server reports room for one more adapter without evicting one in use. */
    public boolean hasLoraRoom() {
        return maxLoras > 0 && loraAdapters.size() < maxLoras;
    }
}
