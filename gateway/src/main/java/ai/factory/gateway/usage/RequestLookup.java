package ai.factory.gateway.usage;

import ai.factory.gateway.accounting.Usd;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's ledger rows by the client's own {@code x-request-id} (the index on
 * {@code (tenant_id, client_request_id)}): "which of your requests was my X?". One tenant only,
 * at most {@link #LIMIT} rows, newest first. Blocking JDBC: callers run on the blocking pool.
 */
@Singleton
public class RequestLookup {

    static final int LIMIT = 100;
    private static final String SQL = """
            select request_id, client_request_id, ts, key_id, product, model_alias, status, http_status,
                   input_tokens, output_tokens, cost_nanos
            from usage_events where tenant_id = ? and client_request_id = ?
            order by ts desc limit %d
            """.formatted(LIMIT);

    private final TransactionOperations<Connection> tx;

    public RequestLookup(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    public List<Map<String, Object>> byClientRequestId(String tenantId, String clientRequestId) {
        return tx.executeRead(status -> {
            try (PreparedStatement s = status.getConnection().prepareStatement(SQL)) {
                s.setString(1, tenantId);
                s.setString(2, clientRequestId);
                List<Map<String, Object>> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("request_id", rs.getString(1));
                        row.put("client_request_id", rs.getString(2));
                        row.put("ts", rs.getObject(3, OffsetDateTime.class).toInstant().toString());
                        row.put("key_id", rs.getString(4));
                        row.put("product", rs.getString(5));
                        row.put("model", rs.getString(6));
                        row.put("status", rs.getString(7));
                        row.put("http_status", rs.getInt(8));
                        row.put("input_tokens", rs.getLong(9));
                        row.put("output_tokens", rs.getLong(10));
                        row.put("cost_usd", Usd.fromNanos(rs.getLong(11)));
                        rows.add(row);
                    }
                }
                return rows;
            }
        });
    }
}
