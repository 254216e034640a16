package ai.factory.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final Settings DEFAULTS = Settings.parse(new String[0]);

    private static Outcome outcome(String workload, String balancer, int instances, double p90, double tps,
            double hit, double goodput, double enterpriseP90) {
        return new Outcome(workload, balancer, instances, 32, 300, 290, 0, 0, p90 / 2, p90, p90 * 1.5, tps, hit,
                goodput, enterpriseP90);
    }

    @Test
    void capacity_is_the_fleets_full_batch_decode_rate() {
        // 4 endpoints × 8 slots / (16 tokens × 40 ms × 1.25) = 40 requests per second.
        assertEquals(40.0, DEFAULTS.capacityPerSecond(), 1e-9);
        assertEquals(20.0, Settings.parse(new String[] {"--endpoints=2"}).capacityPerSecond(), 1e-9);
    }

    @Test
    void without_a_prefix_cache_the_capacity_counts_the_whole_prompts_prefill() {
        // Each request holds its slot 800 ms decoding plus 100 tokens × 300 µs prefilling: 32 / 0.83 s.
        assertEquals(32 / 0.83, DEFAULTS.capacityPerSecond(100), 1e-9);
        // LoRA prompts: "You are product N. " (4 words), 100 words; "request N " and 20 words; 4 tokens per message.
        assertEquals(4 + 100 + 4 + 2 + 20 + 4, Workload.lora(DEFAULTS).meanPromptTokens(), 1e-9);
        assertEquals(2 + 200 + 4, Workload.tiered(DEFAULTS).meanPromptTokens(), 1e-9);
    }

    @Test
    void an_unknown_flag_is_refused_with_the_usage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.parse(new String[] {"--endpoint", "3"}));
        assertTrue(e.getMessage().contains("unknown flags [endpoint]") && e.getMessage().contains("Usage"));
    }

    @Test
    void every_suite_is_one_command_and_the_fleet_suite_runs_each_design_on_one_and_on_n_instances() {
        List<Scenario> all = SimulationMain.scenarios(DEFAULTS);
        assertEquals(6 + 3 + 6 + 2 + 2, all.size());
        assertTrue(all.stream().anyMatch(sc -> sc.group().equals("fleet") && sc.balancer().equals("kv-prefix")
                && sc.instances() == 4 && sc.fleet().kvEvents()));
        assertTrue(all.stream().anyMatch(sc -> sc.group().equals("lora") && sc.fleet().maxLoras() == 4));
        assertTrue(all.stream().anyMatch(sc -> sc.group().equals("slo") && sc.slo() && sc.load() == 1.3));
        assertEquals(2, SimulationMain.scenarios(Settings.parse(new String[] {"--suites", "slo"})).size());
    }

    @Test
    void the_table_has_one_row_per_run_and_the_chart_one_bar_pair() {
        List<Outcome> outcomes = List.of(
                outcome("shared-prefix", "round-robin", 1, 9000, 220, 0.4, Double.NaN, Double.NaN),
                outcome("fleet", "kv-prefix", 4, 600, 520, 0.89, Double.NaN, Double.NaN),
                outcome("slo", "SLO admission", 1, 700, 400, 0, 30.5, 650));
        String md = Report.markdown(DEFAULTS, outcomes);
        assertTrue(md.contains("| shared-prefix | round-robin | 1 | 32.0 | 4500 | 9000 | 13500 | 512 | 220 | 40.0 % | – | – | 300 | 290 | 0 | 0 |"), md);
        assertTrue(md.contains("| fleet | kv-prefix | 4 |"), md);
        assertTrue(md.contains("| 30.5 | 650 |"), md);
        String svg = Report.svg(outcomes);
        assertTrue(svg.startsWith("<svg") && svg.trim().endsWith("</svg>"));
        assertEquals(1 + 2 * outcomes.size(), svg.split("<rect").length - 1);
    }

    @Test
    void targets_compare_n_instances_with_one_and_say_whether_each_is_met() {
        List<Outcome> outcomes = List.of(
                outcome("fleet", "prefix-aware", 1, 1000, 490, 0.86, Double.NaN, Double.NaN),
                outcome("fleet", "prefix-aware", 4, 5000, 300, 0.50, Double.NaN, Double.NaN),
                outcome("fleet", "kv-prefix", 1, 1000, 490, 0.86, Double.NaN, Double.NaN),
                outcome("fleet", "kv-prefix", 4, 1050, 490, 0.85, Double.NaN, Double.NaN),
                outcome("lora", "least-outstanding", 1, 3000, 300, 0, Double.NaN, Double.NaN),
                outcome("lora", "lora-affinity", 1, 1000, 400, 0, Double.NaN, Double.NaN),
                outcome("slo", "FCFS", 1, 5000, 400, 0, 10, 5000),
                outcome("slo", "SLO admission", 1, 700, 400, 0, 30, 900));
        String md = Targets.markdown(DEFAULTS, outcomes);
        assertTrue(md.contains("fleet, prefix-aware") && md.contains("(×0.58)"), md);
        assertTrue(md.matches("(?s).*fleet, prefix-aware[^\\n]*not met.*"), md);
        assertTrue(md.matches("(?s).*fleet, kv-prefix[^\\n]*— met.*"), md);
        assertTrue(md.matches("(?s).*lora: [^\\n]*3\\.0× better[^\\n]*— met.*"), md);
        assertTrue(md.matches("(?s).*slo at 130 %[^\\n]*×3\\.00[^\\n]*— met.*"), md);
        // 32 req/s × 16 tokens offered; the blind balancer delivered 300 of them.
        assertTrue(md.contains("offers 512 output tokens/s; adapter-blind delivered 300 (59 %"), md);
        assertTrue(md.contains("reaches ×1.71 at most here, so ×1.2 needs the blind balancer below 427 tokens/s"), md);
    }
}
