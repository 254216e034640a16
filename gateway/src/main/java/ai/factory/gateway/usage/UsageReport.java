package ai.factory.gateway.usage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a query's rows as the JSON body or as CSV. Plain Java. */
public final class UsageReport {

    private static final List<String> COUNTERS = List.of("requests", "input_tokens", "output_tokens",
            "cached_tokens", "total_tokens", "errors", "cache_hits", "estimated", "cost_usd");

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private UsageReport() {
    }

    public static UsageBody json(UsageQuery q, List<UsageRow> rows) {
        List<UsageBody.Bucket> data = new ArrayList<>(rows.size());
        UsageCounts totals = UsageCounts.ZERO;
        for (UsageRow row : rows) {
            Map<String, String> groups = new LinkedHashMap<>();
            for (int i = 0; i < q.groupBy().size(); i++) {
                String value = row.groups().get(i);
                groups.put(q.groupBy().get(i).label(), value == null || value.isEmpty() ? null : value);
            }
            data.add(new UsageBody.Bucket(row.bucket().toString(), groups, UsageBody.Counts.of(row.counts())));
            totals = totals.plus(row.counts());
        }
        return new UsageBody("usage", q.tenantId(), q.granularity().label(), q.from().toString(), q.to().toString(),
                q.groupBy().stream().map(Dimension::label).toList(), data, UsageBody.Counts.of(totals));
    }

    /** RFC 4180: a header line, then one line per bucket and group; CRLF line ends. */
    public static String csv(UsageQuery q, List<UsageRow> rows) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>();
        header.add("bucket");
        q.groupBy().forEach(d -> header.add(d.label()));
        header.addAll(COUNTERS);
        line(out, header);
        for (UsageRow row : rows) {
            List<String> cells = new ArrayList<>();
            cells.add(row.bucket().toString());
            row.groups().forEach(g -> cells.add(g == null ? "" : g));
            UsageBody.Counts.of(row.counts()).values().forEach(v -> cells.add(String.valueOf(v)));
            line(out, cells);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    /**
     * Quotes a cell holding a separator, quote or line break. A cell a spreadsheet would run as a
     * formula gets a leading quote mark: =, +, -, @ first, and also TAB and CR, which spreadsheets
     * skip before reading the rest as a formula (OWASP CSV injection). Names come from
     * configuration, keys and client-supplied ids, and a CSV opened in a spreadsheet must never
     * execute anything.
     */
    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && FORMULA_STARTS.indexOf(v.charAt(0)) >= 0 && !isNumber(v)) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static boolean isNumber(String v) {
        return v.matches("-?[0-9]+(\\.[0-9]+)?");
    }
}
