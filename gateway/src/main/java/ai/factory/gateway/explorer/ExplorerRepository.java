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
import java.util.List;

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
    public record Page(List<ExplorerRow> rows, ExplorerCursor next) {
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
                List<ExplorerRow> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
                if (rows.size() <= q.limit()) {
                    return new Page(rows, null);
                }
                rows.remove(rows.size() - 1);
                ExplorerRow last = rows.get(rows.size() - 1);
                return new Page(rows, new ExplorerCursor(Instant.parse(last.time()), last.requestId()));
            }
        });
    }

    private static void filter(StringBuilder where, List<Object> values, String column, String value) {
        if (value != null) {
            where.append(" and ").append(column).append(" = ?");
            values.add(value);
        }
    }

    private static ExplorerRow row(ResultSet rs) throws SQLException {
        long ttft = rs.getLong("ttft_ms");
        return new ExplorerRow(rs.getString("request_id"), rs.getString("client_request_id"), rs.getString("trace_id"),
                rs.getObject("ts", OffsetDateTime.class).toInstant().toString(), rs.getString("tenant_id"),
                rs.getString("key_id"), rs.getString("product"), rs.getString("operation"), rs.getString("model_alias"),
                rs.getString("served_model"), rs.getString("pool"), rs.getString("endpoint"), rs.getLong("input_tokens"),
                rs.getLong("output_tokens"), rs.getLong("cached_tokens"), Usd.fromNanos(rs.getLong("cost_nanos")),
                rs.getString("status"), rs.getInt("http_status"), rs.getBoolean("cache_hit") ? "hit" : "miss",
                rs.getInt("fallbacks"), rs.getLong("latency_ms"), ttft < 0 ? null : ttft, rs.getBoolean("estimated"));
    }
}
