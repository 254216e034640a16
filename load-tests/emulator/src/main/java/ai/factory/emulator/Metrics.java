package ai.factory.emulator;

import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the emulated engine and their Prometheus rendering under vLLM's metric names, so
 * dashboards and the gateway's load-aware balancer read the emulator as they read vLLM. Gauges
 * are read from the scheduler at scrape time, so a scrape is never stale.
 */
final class Metrics {

    final LongAdder requestsReceived = new LongAdder();
    final LongAdder promptTokens = new LongAdder();
    final LongAdder generationTokens = new LongAdder();
    final LongAdder finishedStop = new LongAdder();
    final LongAdder finishedLength = new LongAdder();
    final LongAdder embeddings = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder injectedErrors = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    final LongAdder prefixQueryTokens = new LongAdder();
    final LongAdder prefixHitTokens = new LongAdder();

    void finished(String finishReason, int promptTokenCount, int generated) {
        promptTokens.add(promptTokenCount);
        generationTokens.add(generated);
        ("length".equals(finishReason) ? finishedLength : finishedStop).increment();
    }

    /** Prometheus text exposition format 0.0.4. */
    String render(String model, int running, int waiting, double kvUsage) {
        String escaped = model.replace("\\", "\\\\").replace("\"", "\\\"");
        String label = "{model_name=\"" + escaped + "\"}";
        StringBuilder out = new StringBuilder(2048);
        gauge(out, "vllm:num_requests_running", "Number of requests in model execution batches.", label, running);
        gauge(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", label, waiting);
        gauge(out, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", label, kvUsage);
        counter(out, "vllm:prefix_cache_queries_total", "Prompt tokens looked up in the prefix cache.", label,
                prefixQueryTokens.sum());
        counter(out, "vllm:prefix_cache_hits_total", "Prompt tokens found in the prefix cache.", label,
                prefixHitTokens.sum());
        counter(out, "vllm:prompt_tokens_total", "Number of prefill tokens processed.", label, promptTokens.sum());
        counter(out, "vllm:generation_tokens_total", "Number of generation tokens processed.", label,
                generationTokens.sum());
        String stop = "{model_name=\"" + escaped + "\",finished_reason=\"stop\"}";
        String length = "{model_name=\"" + escaped + "\",finished_reason=\"length\"}";
        out.append("# HELP vllm:request_success_total Count of successfully processed requests.\n")
                .append("# TYPE vllm:request_success_total counter\n")
                .append("vllm:request_success_total").append(stop).append(' ').append(finishedStop.sum()).append('\n')
                .append("vllm:request_success_total").append(length).append(' ').append(finishedLength.sum())
                .append('\n');
        counter(out, "emulator_requests_received_total", "Inference requests received, whatever their outcome.",
                "", requestsReceived.sum());
        counter(out, "emulator_embedding_requests_total", "Embedding requests answered.", "", embeddings.sum());
        counter(out, "emulator_rejected_total", "Requests rejected because the waiting queue was full.", "",
                rejected.sum());
        counter(out, "emulator_injected_errors_total", "Requests answered with an injected error.", "",
                injectedErrors.sum());
        counter(out, "emulator_dropped_total", "Connections closed on purpose mid-request.", "", dropped.sum());
        counter(out, "emulator_cancelled_total", "Requests abandoned by their client before the end.", "",
                cancelled.sum());
        return out.toString();
    }

    /**
     * vLLM's {@code vllm:lora_requests_info}: one series whose labels list the adapters in use and
     * whose value is the time of the reading (vLLM keeps old series; the latest is current).
     */
    static String loraInfo(int maxLoras, Set<String> running, Set<String> waiting) {
        return "# HELP vllm:lora_requests_info Running stats on lora requests.\n"
                + "# TYPE vllm:lora_requests_info gauge\n"
                + "vllm:lora_requests_info{max_lora=\"" + maxLoras + "\",running_lora_adapters=\""
                + String.join(",", running) + "\",waiting_lora_adapters=\"" + String.join(",", waiting) + "\"} "
                + System.currentTimeMillis() / 1000.0 + "\n";
    }

    private static void gauge(StringBuilder out, String name, String help, String labels, double value) {
        header(out, name, help, "gauge").append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, String labels, long value) {
        header(out, name, help, "counter").append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static StringBuilder header(StringBuilder out, String name, String help, String type) {
        return out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
