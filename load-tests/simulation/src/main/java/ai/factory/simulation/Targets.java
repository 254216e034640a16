package ai.factory.simulation;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The targets, checked against one run's outcomes, as a markdown list. */
final class Targets {

    private Targets() {
    }

    static String markdown(Settings s, List<Outcome> outcomes) {
        StringBuilder md = new StringBuilder("Targets, from this run:\n\n");
        for (String balancer : s.fleetBalancers()) {
            Optional<Outcome> one = find(outcomes, "fleet", balancer, 1);
            Optional<Outcome> many = find(outcomes, "fleet", balancer, s.instances());
            if (one.isPresent() && many.isPresent()) {
                double hit = many.get().prefixHitRate() / one.get().prefixHitRate();
                double p90 = many.get().ttftP90Ms() / one.get().ttftP90Ms();
                boolean met = hit >= 0.9 && p90 <= 1.1;
                md.append(String.format(Locale.ROOT, "- fleet, %s: %d instances against 1: hit rate %.1f %% vs %.1f %%"
                        + " (×%.2f), p90 TTFT %.0f vs %.0f ms (×%.2f) — %s (within 10 %%)%n", balancer, s.instances(),
                        many.get().prefixHitRate() * 100, one.get().prefixHitRate() * 100, hit, many.get().ttftP90Ms(),
                        one.get().ttftP90Ms(), p90, met ? "met" : "not met"));
            }
        }
        Optional<Outcome> blind = find(outcomes, "lora", "least-outstanding", 1);
        Optional<Outcome> affinity = find(outcomes, "lora", "lora-affinity", 1);
        if (blind.isPresent() && affinity.isPresent()) {
            double p90 = blind.get().ttftP90Ms() / affinity.get().ttftP90Ms();
            double tps = affinity.get().tokensPerSecond() / blind.get().tokensPerSecond();
            md.append(String.format(Locale.ROOT, "- lora: lora-affinity against adapter-blind least-outstanding: p90 TTFT"
                    + " %.0f vs %.0f ms (%.1f× better; target ≥ 2×), throughput %.0f vs %.0f tokens/s (×%.2f; target"
                    + " ≥ 1.2×) — %s%n", affinity.get().ttftP90Ms(), blind.get().ttftP90Ms(), p90,
                    affinity.get().tokensPerSecond(), blind.get().tokensPerSecond(), tps,
                    p90 >= 2 && tps >= 1.2 ? "met" : "not met"));
            // Open-loop arrivals: no balancer delivers more than is offered for long, so the
            // throughput ratio cannot exceed offered / what the blind balancer delivered.
            double offered = Report.offeredTokens(s, blind.get());
            md.append(String.format(Locale.ROOT, "  - bound: the workload offers %.0f output tokens/s; adapter-blind"
                    + " delivered %.0f (%.0f %% of it), lora-affinity %.0f (%.0f %%). A balancer that delivers all it is"
                    + " offered reaches ×%.2f at most here, so ×1.2 needs the blind balancer below %.0f tokens/s%n",
                    offered, blind.get().tokensPerSecond(), 100 * blind.get().tokensPerSecond() / offered,
                    affinity.get().tokensPerSecond(), 100 * affinity.get().tokensPerSecond() / offered,
                    offered / blind.get().tokensPerSecond(), offered / 1.2));
        }
        Optional<Outcome> fcfs = find(outcomes, "slo", "FCFS", 1);
        Optional<Outcome> slo = find(outcomes, "slo", "SLO admission", 1);
        if (fcfs.isPresent() && slo.isPresent()) {
            double good = slo.get().goodput() / fcfs.get().goodput();
            boolean within = slo.get().enterpriseP90Ms() <= s.enterpriseTtftMs();
            md.append(String.format(Locale.ROOT, "- slo at %.0f %% of capacity: enterprise p90 TTFT %.0f ms (objective"
                    + " %d ms, FCFS %.0f ms), goodput %.1f vs %.1f req/s FCFS (×%.2f; target ≥ 1.5×) — %s%n",
                    s.sloLoad() * 100, slo.get().enterpriseP90Ms(), s.enterpriseTtftMs(), fcfs.get().enterpriseP90Ms(),
                    slo.get().goodput(), fcfs.get().goodput(), good, within && good >= 1.5 ? "met" : "not met"));
        }
        return md.toString();
    }

    private static Optional<Outcome> find(List<Outcome> outcomes, String workload, String balancer, int instances) {
        return outcomes.stream().filter(o -> o.workload().equals(workload) && o.balancer().equals(balancer)
                && o.instances() == instances).findFirst();
    }
}
