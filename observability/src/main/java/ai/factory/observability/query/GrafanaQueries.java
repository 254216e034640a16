package ai.factory.observability.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The PromQL of a Grafana dashboard: each panel's targets (rows nest panels) and each query variable. */
final class GrafanaQueries {

    private GrafanaQueries() {
    }

    static void read(JsonNode dashboard, String file, List<Query> into) {
        if (!dashboard.path("panels").isArray()) {
            throw new IllegalArgumentException(file + ": not a Grafana dashboard (no panels)");
        }
        panels(dashboard.path("panels"), file, into);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                if (!text.isBlank()) {
                    into.add(new Query(file, "variable $" + variable.path("name").asText(), text));
                }
            }
        }
    }

    private static void panels(JsonNode panels, String file, List<Query> into) {
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText("untitled");
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    into.add(new Query(file, title, expr));
                }
            }
            panels(panel.path("panels"), file, into);
        }
    }
}
