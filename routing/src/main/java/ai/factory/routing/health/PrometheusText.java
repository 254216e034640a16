package ai.factory.routing.health;

import ai.factory.routing.pool.ServerLoad;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the vLLM gauges the load-aware balancers need (and the LoRA adapters in use) out of a Prometheus text exposition.
 * A server serving several models reports one series per model; the server's load is their sum
 * (KV usage: their maximum, as it is one cache). Everything else in the page is skipped.
 */
final class PrometheusText {

    private PrometheusText() {
    }

    static ServerLoad load(String text, long scrapedAtNanos) {
        double waiting = 0;
        double running = 0;
        double kv = 0;
        boolean any = false;
        double loraStamp = Double.NEGATIVE_INFINITY;
        Set<String> adapters = Set.of();
        int maxLoras = 0;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            if (line.startsWith("vllm:num_requests_waiting")) {
                waiting += value(line);
                any = true;
            } else if (line.startsWith("vllm:num_requests_running")) {
                running += value(line);
                any = true;
            } else if (line.startsWith("vllm:kv_cache_usage_perc") || line.startsWith("vllm:gpu_cache_usage_perc")) {
                kv = Math.max(kv, value(line));
                any = true;
            } else if (line.startsWith("vllm:lora_requests_info")) {
                // One series per change of the adapter sets, valued by its time: the latest is current.
                double stamp = value(line);
                if (stamp > loraStamp) {
                    loraStamp = stamp;
                    adapters = new HashSet<>(labelList(line, "running_lora_adapters"));
                    adapters.addAll(labelList(line, "waiting_lora_adapters"));
                    List<String> max = labelList(line, "max_lora");
                    maxLoras = max.isEmpty() ? 0 : Integer.parseInt(max.get(0).trim());
                }
            }
        }
        if (!any) {
            throw new IllegalArgumentException("no vllm load gauges in the metrics page");
        }
        return new ServerLoad(waiting, running, kv, scrapedAtNanos, adapters, maxLoras);
    }

    /** A label holding a comma-separated list, e.g. {@code running_lora_adapters="a,b"}. */
    static List<String> labelList(String line, String label) {
        int at = line.indexOf(label + "=\"");
        if (at < 0) {
            return List.of();
        }
        int from = at + label.length() + 2;
        int to = line.indexOf('"', from);
        String value = to < 0 ? "" : line.substring(from, to);
        return value.isEmpty() ? List.of() : List.of(value.split(","));
    }

    /** The sample value: the first field after the name and its labels (a timestamp may follow). */
    private static double value(String line) {
        int labelsEnd = line.lastIndexOf('}');
        String rest = (labelsEnd >= 0 ? line.substring(labelsEnd + 1) : line.substring(line.indexOf(' '))).trim();
        int space = rest.indexOf(' ');
        return Double.parseDouble(space < 0 ? rest : rest.substring(0, space));
    }
}
