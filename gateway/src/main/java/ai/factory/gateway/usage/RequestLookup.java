package ai.factory.gateway.usage;

import ai.factory.gateway.accounting.Usd;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

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

    /** One request as {@code GET /v1/usage/requests} lists it; the cost in USD. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RequestRow(@JsonProperty("request_id") String requestId,
                             @JsonProperty("client_request_id") String clientRequestId, String ts,
                             @Nullable @JsonProperty("key_id") String keyId, @Nullable String product,
                             @Nullable String model, String status, @JsonProperty("http_status") int httpStatus,
                             @JsonProperty("input_tokens") long inputTokens,
                             @JsonProperty("output_tokens") long outputTokens,
                             @JsonProperty("cost_usd") double costUsd) {
    }

    public List<RequestRow> byClientRequestId(String tenantId, String clientRequestId) {
        return tx.executeRead(status -> {
            try (PreparedStatement s = status.getConnection().prepareStatement(SQL)) {
                s.setString(1, tenantId);
                s.setString(2, clientRequestId);
                List<RequestRow> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new RequestRow(rs.getString(1), rs.getString(2),
                                rs.getObject(3, OffsetDateTime.class).toInstant().toString(), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getLong(9),
                                rs.getLong(10), Usd.fromNanos(rs.getLong(11))));
                    }
                }
                return rows;
            }
        });
    }
}
