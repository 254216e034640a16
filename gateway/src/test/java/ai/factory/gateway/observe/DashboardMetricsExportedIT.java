package ai.factory.gateway.observe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.observability.query.Query;
import ai.factory.observability.query.QueryCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every metric that a Grafana panel or a Prometheus alert rule in observability/ queries is one
 * the gateway really exports after ordinary traffic: a renamed meter fails here, not on a blank
 * dashboard or a silent alert. Needs the pipeline to call the observers.
 */
class DashboardMetricsExportedIT {

    @RegisterExtension
    static final GatewayFixture gw = ObservedGateway.fixture().build();

    @BeforeAll
    static void traffic() {
        ObservedGateway.driveTraffic(gw);
    }

    @Test
    void every_metric_a_dashboard_or_alert_queries_is_exported() throws Exception {
        Map<String, List<Query>> queried = QueryCatalog.load(observabilityDir()).metricsQueried();
        assertTrue(queried.size() > 10, "the dashboards and alerts were not found: " + queried.keySet());

        // Gauges read on a schedule (budgets, the usage flush) appear within a few probe rounds.
        Await.holds(Duration.ofSeconds(30), () -> missing(queried, ObservedGateway.scrape(gw.app())).isEmpty());
        Map<String, List<Query>> missing = missing(queried, ObservedGateway.scrape(gw.app()));
        assertTrue(missing.isEmpty(), "queried but not exported:\n" + describe(missing));
    }

    private static Map<String, List<Query>> missing(Map<String, List<Query>> queried, String scrape) {
        Set<String> exported = new HashSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int end = line.indexOf('{');
                exported.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
            }
        }
        Map<String, List<Query>> missing = new TreeMap<>(queried);
        missing.keySet().removeAll(exported);
        return missing;
    }

    private static String describe(Map<String, List<Query>> missing) {
        StringBuilder out = new StringBuilder();
        missing.forEach((metric, queries) -> out.append("  ").append(metric).append(" ← ").append(queries.get(0)).append('\n'));
        return out.toString();
    }

    /** The module's sibling folder when run from gateway/, or from the repository root. */
    static Path observabilityDir() {
        for (Path candidate : List.of(Path.of("../observability"), Path.of("observability"))) {
            if (Files.isDirectory(candidate.resolve("dashboards"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("observability/dashboards not found from " + Path.of("").toAbsolutePath());
    }
}
