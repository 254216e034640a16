package ai.factory.simulation;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares the balancers on an emulated GPU fleet and writes {@code simulation.md} and
 * {@code simulation.svg} under the output directory. See load-tests/README.md.
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
        new Run(s.warmUp(), Workload.unique(s), "least-outstanding").execute();
        List<Outcome> outcomes = new ArrayList<>();
        run(s, Workload.sharedPrefix(s), s.sharedBalancers(), outcomes);
        run(s, Workload.unique(s), s.uniqueBalancers(), outcomes);
        Files.createDirectories(s.out());
        String md = Report.markdown(s, outcomes);
        Files.writeString(s.out().resolve("simulation.md"), md);
        Files.writeString(s.out().resolve("simulation.svg"), Report.svg(outcomes));
        System.out.println();
        System.out.println(md);
        System.out.println("written: " + s.out().resolve("simulation.md") + ", " + s.out().resolve("simulation.svg"));
        // Reactor's and the HTTP client's threads are not all daemons.
        System.exit(0);
    }

    private static void run(Settings s, Workload workload, List<String> balancers, List<Outcome> outcomes)
            throws InterruptedException {
        for (String balancer : balancers) {
            System.out.printf(Locale.ROOT, "%s / %s ...%n", workload.name(), balancer);
            Outcome o = new Run(s, workload, balancer).execute();
            System.out.printf(Locale.ROOT, "  TTFT p50 %.0f ms, p90 %.0f ms, p99 %.0f ms; %.0f tokens/s; prefix hits %.1f %%;"
                    + " %d sent, %d failed%n", o.ttftP50Ms(), o.ttftP90Ms(), o.ttftP99Ms(), o.tokensPerSecond(),
                    o.prefixHitRate() * 100, o.sent(), o.failed());
            outcomes.add(o);
        }
    }
}
