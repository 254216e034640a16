package ai.factory.observability.query;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The PromQL of a Prometheus rules file: {@code groups[].rules[].expr}, alerting and recording. */
final class RuleQueries {

    private RuleQueries() {
    }

    static void read(Object yaml, String file, List<Query> into, Set<String> recorded) {
        if (!(yaml instanceof Map<?, ?> root) || !(root.get("groups") instanceof List<?> groups)) {
            throw new IllegalArgumentException(file + ": not a Prometheus rules file (no groups)");
        }
        for (Object group : groups) {
            Object rules = ((Map<?, ?>) group).get("rules");
            if (!(rules instanceof List<?> list)) {
                throw new IllegalArgumentException(file + ": group without rules: " + group);
            }
            for (Object item : list) {
                Map<?, ?> rule = (Map<?, ?>) item;
                Object expr = rule.get("expr");
                if (expr == null) {
                    throw new IllegalArgumentException(file + ": rule without expr: " + rule);
                }
                Object alert = rule.get("alert");
                Object record = rule.get("record");
                if (record != null) {
                    recorded.add(record.toString());
                }
                String where = alert != null ? "alert " + alert : "record " + record;
                into.add(new Query(file, where, expr.toString()));
            }
        }
    }
}
