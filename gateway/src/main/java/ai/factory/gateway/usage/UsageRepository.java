package ai.factory.gateway.usage;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the roll-ups. Blocking JDBC: callers run on the blocking pool. The SQL is assembled only
 * from enum constants (table and column names); every value is a bind parameter.
 */
@Singleton
public class UsageRepository {

    private static final String SUMS = "sum(requests)::bigint, sum(input_tokens)::bigint, sum(output_tokens)::bigint, "
            + "sum(cached_tokens)::bigint, sum(cost_nanos)::bigint, sum(errors)::bigint, sum(cache_hits)::bigint, "
            + "sum(estimated)::bigint";

    private final TransactionOperations<Connection> tx;

    public UsageRepository(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    public List<UsageRow> query(UsageQuery q) {
        String sql = q.groupBy().stream().allMatch(Dimension::rolledUp) ? rollupSql(q) : eventSql(q);
        return tx.executeRead(status -> {
            try (PreparedStatement s = status.getConnection().prepareStatement(sql)) {
                s.setObject(1, q.from().atOffset(ZoneOffset.UTC));
                s.setObject(2, q.to().atOffset(ZoneOffset.UTC));
                if (q.tenantId() != null) {
                    s.setString(3, q.tenantId());
                }
                List<UsageRow> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs, q.groupBy().size()));
                    }
                }
                return rows;
            }
        });
    }

    private static String rollupSql(UsageQuery q) {
        String groups = q.groupBy().stream().map(d -> ", " + d.column()).collect(Collectors.joining());
        return "select bucket" + groups + ", " + SUMS + " from " + q.granularity().table()
                + " where bucket >= ? and bucket < ?" + (q.tenantId() != null ? " and tenant_id = ?" : "")
                + " group by bucket" + groups + " order by bucket" + groups;
    }

    /**
     * Channel and end user are not in the roll-ups (end users are unbounded): grouped by them, the
     * query sums the events themselves, with the roll-ups' definitions (errors: status 'error').
     */
    private static String eventSql(UsageQuery q) {
        String groups = q.groupBy().stream().map(d -> ", " + d.eventColumn()).collect(Collectors.joining());
        String bucket = "date_trunc('" + q.granularity().label() + "', ts, 'UTC')";
        return "select " + bucket + groups + ", count(*)::bigint, sum(input_tokens)::bigint, sum(output_tokens)::bigint,"
                + " sum(cached_tokens)::bigint, sum(cost_nanos)::bigint, count(*) filter (where status = 'error'),"
                + " count(*) filter (where cache_hit), count(*) filter (where estimated) from usage_events"
                + " where ts >= ? and ts < ?" + (q.tenantId() != null ? " and tenant_id = ?" : "")
                + " group by " + bucket + groups + " order by " + bucket + groups;
    }

    private static UsageRow row(ResultSet rs, int groupCount) throws SQLException {
        int col = 1;
        OffsetDateTime bucket = rs.getObject(col++, OffsetDateTime.class);
        List<String> groups = new ArrayList<>(groupCount);
        for (int i = 0; i < groupCount; i++) {
            groups.add(rs.getString(col++));
        }
        UsageCounts counts = new UsageCounts(rs.getLong(col++), rs.getLong(col++), rs.getLong(col++),
                rs.getLong(col++), rs.getLong(col++), rs.getLong(col++), rs.getLong(col++), rs.getLong(col));
        return new UsageRow(bucket.toInstant(), groups, counts);
    }
}
