package ai.factory.gateway.hostile;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The PostgreSQL ledger as an auditor reads it: plain SQL over {@code usage_events}. */
final class Ledger {

    private final String jdbcUrl;

    Ledger(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    long rows(String tenant) {
        List<Object[]> r = query("select count(*) from usage_events where tenant_id = ?", tenant);
        return ((Number) r.get(0)[0]).longValue();
    }

    Map<Integer, Long> statuses(String tenant) {
        Map<Integer, Long> out = new TreeMap<>();
        for (Object[] row : query("select http_status, count(*) from usage_events where tenant_id = ? group by 1", tenant)) {
            out.put(((Number) row[0]).intValue(), ((Number) row[1]).longValue());
        }
        return out;
    }

    /** The ledger identities (gateway request ids) of a tenant's rows. */
    java.util.Set<String> requestIds(String tenant) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Object[] row : query("select request_id from usage_events where tenant_id = ?", tenant)) {
            out.add((String) row[0]);
        }
        return out;
    }

    /** Per UTC day (yyyyMMdd): {tokens charged to budgets (cache hits are free), cost in nanodollars}. */
    Map<String, long[]> dailyCharges(String tenant) {
        Map<String, long[]> out = new HashMap<>();
        for (Object[] row : query("select to_char(ts at time zone 'UTC', 'YYYYMMDD'),"
                + " coalesce(sum(input_tokens + output_tokens) filter (where not cache_hit), 0), coalesce(sum(cost_nanos), 0)"
                + " from usage_events where tenant_id = ? group by 1", tenant)) {
            out.put((String) row[0], new long[] {((Number) row[1]).longValue(), ((Number) row[2]).longValue()});
        }
        return out;
    }

    /** How many ledger rows each given client request id has (in whichever column holds the client's id). */
    Map<String, Integer> rowsPerClientId(String tenant, java.util.Collection<String> ids) {
        String column = clientIdColumn(tenant, ids);
        Map<String, Integer> out = new HashMap<>();
        for (Object[] row : query("select " + column + ", count(*) from usage_events where tenant_id = ? group by 1", tenant)) {
            out.put((String) row[0], ((Number) row[1]).intValue());
        }
        return out;
    }

    /**
     * {@code request_id} holds the client's id today; once the gateway makes its own ledger identity the
     * client's id moves to a correlation column. Whichever text column holds the ids is the one to count.
     */
    private String clientIdColumn(String tenant, java.util.Collection<String> ids) {
        List<Object[]> columns = query("select column_name from information_schema.columns where table_name = 'usage_events'"
                + " and data_type = 'text' order by ordinal_position");
        String probe = ids.iterator().next();
        String best = "request_id";
        for (Object[] c : columns) {
            String name = (String) c[0];
            if (!name.matches("[a-z_]+")) {
                continue;
            }
            if (!query("select 1 from usage_events where tenant_id = ? and " + name + " = ? limit 1", tenant, probe).isEmpty()) {
                best = name;
                if (!name.equals("request_id")) {
                    break;
                }
            }
        }
        return best;
    }

    List<Object[]> query(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<Object[]> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
