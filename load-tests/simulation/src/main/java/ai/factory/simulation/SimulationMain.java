package ai.factory.simulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs every simulation workload (prefix routing on one instance and across several, LoRA
 * adapters, SLO admission under overload) on an emulated GPU fleet and writes
 * {@code simulation.md}, {@code simulation.svg} and {@code simulation.png} under the output
 * directory. See load-tests/README.md.
 */
public final class SimulationMain {

    private SimulationMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(Settings.HELP);
            return;
        }
        Settings s = Settings.parse(args);
        // A throw-away run first: the first run in a cold JVM (JIT, class loading, connection
        // pools) is slower, and whichever balancer came first would pay for it.
        System.out.println("warming up ...");
        Settings warm = s.warmUp();
        new Run(warm, new Scenario("warm-up", Workload.unique(warm), "least-outstanding", "least-outstanding", 1,
                false, warm.load(), Scenario.FleetOptions.PREFIX)).execute();
        List<Outcome> outcomes = new ArrayList<>();
        for (Scenario scenario : scenarios(s)) {
            // The machine's load beside each run: on a shared machine it, not the balancer, can move a tail.
            System.out.printf(Locale.ROOT, "%s / %s x%d (load average %s) ...%n", scenario.group(), scenario.label(),
                    scenario.instances(), loadAverage());
            Outcome o = new Run(s, scenario).execute();
            System.out.printf(Locale.ROOT, "  TTFT p50 %.0f ms, p90 %.0f ms, p99 %.0f ms; %.0f tokens/s; prefix hits %.1f %%;"
                    + " goodput %.1f/s; %d sent, %d refused, %d failed%n", o.ttftP50Ms(), o.ttftP90Ms(), o.ttftP99Ms(),
                    o.tokensPerSecond(), o.prefixHitRate() * 100, o.goodput(), o.sent(), o.refused(), o.failed());
            outcomes.add(o);
        }
        Files.createDirectories(s.out());
        String md = Report.markdown(s, outcomes) + "\n" + Targets.markdown(s, outcomes);
        Files.writeString(s.out().resolve("simulation.md"), md);
        Files.writeString(s.out().resolve("simulation.svg"), Report.svg(outcomes));
        Chart.png(outcomes, s.out().resolve("simulation.png"));
        System.out.println();
        System.out.println(md);
        System.out.println("written: " + s.out().resolve("simulation.md") + ", simulation.svg, simulation.png");
        // Reactor's and the HTTP client's threads are not all daemons.
        System.exit(0);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static List<Scenario> scenarios(Settings s) {
        List<Scenario> list = new ArrayList<>();
        Scenario.FleetOptions prefix = Scenario.FleetOptions.PREFIX;
        if (s.suites().contains("shared")) {
            Workload w = Workload.sharedPrefix(s);
            s.sharedBalancers().forEach(b -> list.add(new Scenario("shared-prefix", w, b, b, 1, false, s.load(), prefix)));
        }
        if (s.suites().contains("unique")) {
            Workload w = Workload.unique(s);
            s.uniqueBalancers().forEach(b -> list.add(new Scenario("unique", w, b, b, 1, false, s.load(), prefix)));
        }
        if (s.suites().contains("fleet")) {
            Workload w = Workload.sharedPrefix(s);
            for (String b : s.fleetBalancers()) {
                Scenario.FleetOptions options = new Scenario.FleetOptions(true, b.equals("kv-prefix"), 0, 0);
                list.add(new Scenario("fleet", w, b, b, 1, false, s.load(), options));
                list.add(new Scenario("fleet", w, b, b, s.instances(), false, s.load(), options));
            }
        }
        if (s.suites().contains("lora")) {
            Workload w = Workload.lora(s);
            Scenario.FleetOptions lora = new Scenario.FleetOptions(false, false, s.maxLoras(), s.loraLoadMs());
            for (String b : List.of("least-outstanding", "lora-affinity")) {
                list.add(new Scenario("lora", w, b, b, 1, false, s.loraLoad(), lora));
            }
        }
        if (s.suites().contains("slo")) {
            Workload w = Workload.tiered(s);
            Scenario.FleetOptions plain = new Scenario.FleetOptions(false, false, 0, 0);
            list.add(new Scenario("slo", w, "FCFS", "least-outstanding", 1, false, s.sloLoad(), plain));
            list.add(new Scenario("slo", w, "SLO admission", "least-outstanding", 1, true, s.sloLoad(), plain));
        }
        return list;
    }
}
