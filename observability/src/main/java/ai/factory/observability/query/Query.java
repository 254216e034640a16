package ai.factory.observability.query;

import java.util.Set;

/**
 * One PromQL query that a dashboard panel or an alert rule runs.
 *
 * @param file the dashboard or rules file, relative to the observability folder
 * @param where the panel title or the alert name, for messages that say what is broken
 * @param expr the PromQL as written (Grafana variables included)
 */
public record Query(String file, String where, String expr) {

    public Set<String> metricNames() {
        return PromQl.metricNames(expr);
    }

    @Override
    public String toString() {
        return file + " › " + where + ": " + expr;
    }
}
