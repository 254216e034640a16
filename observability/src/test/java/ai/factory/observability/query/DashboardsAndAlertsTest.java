package ai.factory.observability.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.observability.GenAiMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every dashboard and rules file parses, every query names at least one metric, and the set
 * covers what the issue asks operators to see. The gateway's DashboardMetricsExportedIT takes the
 * same catalog and checks each name against a real scrape.
 */
class DashboardsAndAlertsTest {

    private static final Path ROOT = Path.of(".");
    private final QueryCatalog catalog = QueryCatalog.load(ROOT);

    @Test
    void every_dashboard_and_rules_file_is_read() throws Exception {
        try (var dashboards = Files.list(ROOT.resolve("dashboards")); var alerts = Files.list(ROOT.resolve("alerts"))) {
            long files = dashboards.count() + alerts.count();
            long read = catalog.queries().stream().map(Query::file).distinct().count();
            assertTrue(files >= 5, "expected the dashboards and alert rules, found " + files + " files");
            assertTrue(read == files, "files with no query: " + files + " files, " + read + " with queries");
        }
    }

    @Test
    void every_query_names_a_metric() {
        for (Query query : catalog.queries()) {
            assertFalse(query.metricNames().isEmpty(), "no metric in " + query);
        }
    }

    @Test
    void dashboards_query_the_genai_metrics_by_their_prometheus_names() {
        Set<String> names = catalog.metricsQueried().keySet();
        for (String metric : List.of(GenAiMetrics.CLIENT_TOKEN_USAGE + ".sum",
                GenAiMetrics.SERVER_REQUEST_DURATION + ".seconds.bucket",
                GenAiMetrics.SERVER_TIME_TO_FIRST_TOKEN + ".seconds.bucket",
                GenAiMetrics.SERVER_TIME_PER_OUTPUT_TOKEN + ".seconds.bucket")) {
            String prometheus = metric.replace('.', '_');
            assertTrue(names.contains(prometheus), prometheus + " is on no dashboard; queried: " + names);
        }
    }

    @Test
    void alert_rules_cover_errors_fallbacks_saturation_budget_and_usage_flush() {
        Map<String, List<Query>> byMetric = catalog.metricsQueried();
        Set<String> alerts = new HashSet<>();
        byMetric.values().forEach(queries -> queries.stream().filter(q -> q.where().startsWith("alert "))
                .forEach(q -> alerts.addAll(q.metricNames())));
        for (String metric : List.of("gateway_requests_total", "gateway_fallbacks_total", "gateway_endpoint_in_flight",
                "gateway_tenant_budget_dollars", "gateway_usage_flush_lag_seconds", "gateway_usage_flusher_retrying",
                "gateway_usage_flusher_restarts_total", "gateway_usage_dead_letters_total")) {
            assertTrue(alerts.contains(metric), "no alert reads " + metric + "; alerts read " + alerts);
        }
    }
}
