package ai.factory.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final Settings DEFAULTS = Settings.parse(new String[0]);

    @Test
    void capacity_is_the_fleets_full_batch_decode_rate() {
        // 4 endpoints × 8 slots / (16 tokens × 40 ms × 1.25) = 40 requests per second.
        assertEquals(40.0, DEFAULTS.capacityPerSecond(), 1e-9);
        assertEquals(20.0, Settings.parse(new String[] {"--endpoints=2"}).capacityPerSecond(), 1e-9);
    }

    @Test
    void an_unknown_flag_is_refused_with_the_usage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.parse(new String[] {"--endpoint", "3"}));
        assertTrue(e.getMessage().contains("unknown flags [endpoint]") && e.getMessage().contains("Usage"));
    }

    @Test
    void the_table_has_one_row_per_run_and_the_chart_one_bar_pair() {
        List<Outcome> outcomes = List.of(
                new Outcome("shared-prefix", "round-robin", 32, 300, 290, 0, 5000, 9000, 11000, 220, 0.4),
                new Outcome("shared-prefix", "prefix-aware", 32, 480, 480, 0, 150, 600, 1000, 520, 0.89));
        String md = Report.markdown(DEFAULTS, outcomes);
        assertTrue(md.contains("| shared-prefix | round-robin | 5000 | 9000 | 11000 | 220 | 40.0 % | 300 | 290 | 0 |"), md);
        assertTrue(md.contains("| shared-prefix | prefix-aware | 150 | 600 | 1000 | 520 | 89.0 % |"), md);
        String svg = Report.svg(outcomes);
        assertTrue(svg.startsWith("<svg") && svg.trim().endsWith("</svg>"));
        assertEquals(1 + 2 * outcomes.size(), svg.split("<rect").length - 1);
    }
}
