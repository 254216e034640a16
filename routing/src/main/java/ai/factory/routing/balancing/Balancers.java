package ai.factory.routing.balancing;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Builds a balancer from its configuration name; one instance per pool (they keep per-pool state). */
public final class Balancers {

    public static final List<String> NAMES = List.of(
            "round-robin", "least-outstanding", "p2c", "queue-kv", "prefix-aware", "session-affinity");

    private Balancers() {
    }

    /**
     * @param metricsStaleAfter for {@code queue-kv}: scrapes older than this count as saturated
     * @param prefixIndexBlocks for {@code prefix-aware}: blocks remembered per endpoint
     */
    public static Balancer named(String name, Duration metricsStaleAfter, int prefixIndexBlocks) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "round-robin" -> new RoundRobin();
            case "least-outstanding", "weighted-least-outstanding" -> new WeightedLeastOutstanding();
            case "p2c", "power-of-two-choices" -> new PowerOfTwoChoices();
            case "queue-kv" -> new QueueKvAware(metricsStaleAfter);
            case "prefix-aware" -> new PrefixAware(prefixIndexBlocks, 4, 0.1);
            case "session-affinity" -> new SessionAffinity();
            default -> throw new IllegalArgumentException("unknown balancer '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /** Whether the balancer needs each endpoint's {@code /metrics} scraped. */
    public static boolean needsServerMetrics(String name) {
        return "queue-kv".equals(name.trim().toLowerCase(Locale.ROOT));
    }
}
