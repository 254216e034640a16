package ai.factory.routing.health;

import ai.factory.routing.pool.ServerLoad;

/**
 * Reads the three vLLM gauges the load-aware balancer needs out of a Prometheus text exposition.
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
            }
        }
        if (!any) {
            throw new IllegalArgumentException("no vllm load gauges in the metrics page");
        }
        return new ServerLoad(waiting, running, kv, scrapedAtNanos);
    }

    /** The sample value: the first field after the name and its labels (a timestamp may follow). */
    private static double value(String line) {
        int labelsEnd = line.lastIndexOf('}');
        String rest = (labelsEnd >= 0 ? line.substring(labelsEnd + 1) : line.substring(line.indexOf(' '))).trim();
        int space = rest.indexOf(' ');
        return Double.parseDouble(space < 0 ? rest : rest.substring(0, space));
    }
}
