package ai.factory.gateway.explorer;

import ai.factory.gateway.accounting.Usd;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads usage events a page at a time, newest first, by keyset on (ts, request_id). Blocking JDBC:
 * callers run on the blocking pool. The SQL is assembled from fixed fragments; every value is a
 * bind parameter. One row more than the page is read, to know whether another page exists.
 */
@Singleton
public class ExplorerRepository {

    private static final String COLUMNS = "request_id, client_request_id, trace_id, ts, tenant_id, key_id, product, "
            + "operation, model_alias, served_model, pool, endpoint, input_tokens, output_tokens, cached_tokens, "
            + "cost_nanos, status, http_status, cache_hit, fallbacks, latency_ms, ttft_ms, estimated";

    private final TransactionOperations<Connection> tx;

    public ExplorerRepository(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    /** A page of rows and the cursor of the next page (null on the last one). */
    public record Page(List<Map<String, Object>> rows, ExplorerCursor next) {
    }

    public Page find(ExplorerQuery q) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> values = new ArrayList<>();
        if (q.requestId() != null) {
            where.append(" and (request_id = ? or client_request_id = ?)");
            values.add(q.requestId());
            values.add(q.requestId());
        }
        filter(where, values, "tenant_id", q.tenant());
        filter(where, values, "model_alias", q.model());
        filter(where, values, "product", q.product());
        filter(where, values, "status", q.status());
        if (q.from() != null) {
            where.append(" and ts >= ?");
            values.add(q.from().atOffset(ZoneOffset.UTC));
        }
        if (q.to() != null) {
            where.append(" and ts < ?");
            values.add(q.to().atOffset(ZoneOffset.UTC));
        }
        if (q.after() != null) {
            where.append(" and (ts, request_id) < (?, ?)");
            values.add(q.after().ts().atOffset(ZoneOffset.UTC));
            values.add(q.after().requestId());
        }
        String sql = "select " + COLUMNS + " from usage_events" + where + " order by ts desc, request_id desc limit ?";
        values.add(q.limit() + 1);
        return tx.executeRead(status -> {
            try (PreparedStatement s = status.getConnection().prepareStatement(sql)) {
                for (int i = 0; i < values.size(); i++) {
                    s.setObject(i + 1, values.get(i));
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
                if (rows.size() <= q.limit()) {
                    return new Page(rows, null);
                }
                rows.remove(rows.size() - 1);
                Map<String, Object> last = rows.get(rows.size() - 1);
                return new Page(rows, new ExplorerCursor(Instant.parse((String) last.get("time")),
                        (String) last.get("request_id")));
            }
        });
    }

    private static void filter(StringBuilder where, List<Object> values, String column, String value) {
        if (value != null) {
            where.append(" and ").append(column).append(" = ?");
            values.add(value);
        }
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("request_id", rs.getString("request_id"));
        r.put("client_request_id", rs.getString("client_request_id"));
        r.put("trace_id", rs.getString("trace_id"));
        Instant ts = rs.getObject("ts", OffsetDateTime.class).toInstant();
        r.put("time", ts.toString());
        r.put("tenant", rs.getString("tenant_id"));
        r.put("key_id", rs.getString("key_id"));
        r.put("product", rs.getString("product"));
        r.put("operation", rs.getString("operation"));
        r.put("model", rs.getString("model_alias"));
        r.put("served_model", rs.getString("served_model"));
        r.put("pool", rs.getString("pool"));
        r.put("endpoint", rs.getString("endpoint"));
        r.put("input_tokens", rs.getLong("input_tokens"));
        r.put("output_tokens", rs.getLong("output_tokens"));
        r.put("cached_tokens", rs.getLong("cached_tokens"));
        r.put("cost_usd", Usd.fromNanos(rs.getLong("cost_nanos")));
        r.put("status", rs.getString("status"));
        r.put("http_status", rs.getInt("http_status"));
        r.put("cache", rs.getBoolean("cache_hit") ? "hit" : "miss");
        r.put("fallbacks", rs.getInt("fallbacks"));
        r.put("latency_ms", rs.getLong("latency_ms"));
        long ttft = rs.getLong("ttft_ms");
        r.put("ttft_ms", ttft < 0 ? null : ttft);
        r.put("estimated", rs.getBoolean("estimated"));
        return r;
    }
}
