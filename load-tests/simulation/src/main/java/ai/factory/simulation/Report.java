package ai.factory.simulation;

import java.util.List;
import java.util.Locale;

/** The results as a markdown table and an SVG bar chart (p90 TTFT and throughput per run). */
final class Report {

    private Report() {
    }

    static String markdown(Settings s, List<Outcome> outcomes) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Fleet: %d emulated endpoints × %d slots, TTFT %d ms + prefill %d µs per uncached"
                + " prompt token, ITL %d ms (×%.2f at a full batch), KV cache %d blocks of %d tokens. Capacity %.1f req/s"
                + " (decode at a full batch; %.1f for lora and %.1f for slo, whose uncached prompts are prefilled whole);"
                + " offered load per row (shared-prefix, unique, fleet %.0f %%, lora %.0f %%, slo %.0f %%). %d s measured"
                + " after %d s warm-up. LoRA: max_loras %d, %d ms to load an adapter. SLO objectives (TTFT): enterprise"
                + " %d ms, standard %d ms, free %d ms.%n%n",
                s.endpoints(), s.slots(), s.ttftMs(), s.prefillUsPerToken(), s.itlMs(), 1 + s.batchSlowdown(),
                s.kvBlocks(), s.blockTokens(), s.capacityPerSecond(),
                s.capacityPerSecond(Workload.lora(s).meanPromptTokens()),
                s.capacityPerSecond(Workload.tiered(s).meanPromptTokens()), s.load() * 100, s.loraLoad() * 100,
                s.sloLoad() * 100, s.durationS() - s.warmupS(), s.warmupS(), s.maxLoras(), s.loraLoadMs(),
                s.enterpriseTtftMs(), s.standardTtftMs(), s.freeTtftMs()));
        md.append("| workload | balancer | instances | offered req/s | TTFT p50 (ms) | TTFT p90 (ms) | TTFT p99 (ms) "
                + "| offered output tokens/s | output tokens/s | prefix-cache hit rate | goodput (req/s) | enterprise TTFT p90 (ms) "
                + "| sent | completed | refused | failed |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Outcome o : outcomes) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f %% | %s | %s | %d | %d | %d | %d |%n",
                    o.workload(), o.balancer(), o.instances(), o.offeredPerSecond(), o.ttftP50Ms(), o.ttftP90Ms(),
                    o.ttftP99Ms(), offeredTokens(s, o), o.tokensPerSecond(), o.prefixHitRate() * 100, orDash(o.goodput(), "%.1f"),
                    orDash(o.enterpriseP90Ms(), "%.0f"), o.sent(), o.completed(), o.refused(), o.failed()));
        }
        return md.toString();
    }

    /** What the row's arrivals ask for: every request generates exactly {@code outputTokens} (ignore_eos). */
    static double offeredTokens(Settings s, Outcome o) {
        return o.offeredPerSecond() * s.outputTokens();
    }

    static String orDash(double value, String format) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
    }

    static String rowName(Outcome o) {
        return o.workload() + " / " + o.balancer() + (o.instances() > 1 || o.workload().equals("fleet")
                ? " ×" + o.instances() : "");
    }

    /** Highlighted rows: the balancers and admission this issue adds. */
    static boolean highlighted(Outcome o) {
        return List.of("prefix-aware", "prefix-hash", "kv-prefix", "lora-affinity", "SLO admission").contains(o.balancer());
    }

    /** Two horizontal bar panels; TTFT on a log scale since balancers differ by orders of magnitude. */
    static String svg(List<Outcome> outcomes) {
        int rowHeight = 22;
        int top = 40;
        int labelWidth = 290;
        int panelWidth = 330;
        int height = top + outcomes.size() * rowHeight + 30;
        int gap = 60;
        int width = labelWidth + 2 * panelWidth + gap + 40;
        double maxTtft = outcomes.stream().mapToDouble(Outcome::ttftP90Ms).max().orElse(1);
        double maxTps = outcomes.stream().mapToDouble(Outcome::tokensPerSecond).max().orElse(1);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(labelWidth, 20, "TTFT p90, ms (log scale; lower is better)", "bold"));
        svg.append(text(labelWidth + panelWidth + gap, 20, "output tokens/s (higher is better)", "bold"));
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            int y = top + i * rowHeight;
            svg.append(text(5, y + 14, rowName(o), "normal"));
            double logMax = Math.log10(Math.max(10, maxTtft));
            // Bars take 85 % of a panel, leaving room for their value labels.
            double w1 = 0.85 * panelWidth * Math.max(0, Math.log10(Math.max(1, o.ttftP90Ms()))) / logMax;
            String color = highlighted(o) ? "#2b8a3e" : "#868e96";
            svg.append(bar(labelWidth, y, w1, color)).append(text(labelWidth + (int) w1 + 4, y + 14,
                    String.format(Locale.ROOT, "%.0f", o.ttftP90Ms()), "normal"));
            double w2 = panelWidth * o.tokensPerSecond() / maxTps;
            int x2 = labelWidth + panelWidth + gap;
            svg.append(bar(x2, y, w2 * 0.85, color)).append(text(x2 + (int) (w2 * 0.85) + 4, y + 14,
                    String.format(Locale.ROOT, "%.0f", o.tokensPerSecond()), "normal"));
        }
        return svg.append("</svg>\n").toString();
    }

    private static String bar(int x, int y, double w, String color) {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>%n", x, y + 2, w, color);
    }

    private static String text(int x, int y, String s, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"%s\">%s</text>%n", x, y, weight,
                s.replace("&", "&amp;").replace("<", "&lt;"));
    }
}
