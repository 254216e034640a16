package ai.factory.gateway.usage;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A tenant's landed usage since an instant, from the roll-ups: what budgets re-seed their Redis
 * counters from after Redis lost them. Blocking JDBC: call it off the event loop. Counts only
 * what the flusher has landed; events still in the stream are the caller's to add.
 * {@code since} is rounded down to its minute (budgets ask from a day or month start).
 */
@Singleton
public class UsageTotals {

    /** Landed usage: tokens are input + output, as limits count them. */
    public record Totals(long tokens, long costNanos, long requests) {
    }

    private static final String PART = "select sum(input_tokens + output_tokens) as tokens, sum(cost_nanos) as cost, "
            + "sum(requests) as requests from %s where tenant_id = ? and bucket >= ?";
    private static final String SQL = "select coalesce(sum(tokens), 0)::bigint, coalesce(sum(cost), 0)::bigint, "
            + "coalesce(sum(requests), 0)::bigint from ("
            + PART.formatted("usage_minute") + " and bucket < ? union all "
            + PART.formatted("usage_hour") + " and bucket < ? union all "
            + PART.formatted("usage_day") + ") parts";

    private final TransactionOperations<Connection> tx;

    public UsageTotals(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    public long tokensSince(String tenantId, Instant since) {
        return since(tenantId, since).tokens();
    }

    public long costNanosSince(String tenantId, Instant since) {
        return since(tenantId, since).costNanos();
    }

    public Totals since(String tenantId, Instant since) {
        RangeSplit split = RangeSplit.since(since);
        return tx.executeRead(status -> {
            try (PreparedStatement s = status.getConnection().prepareStatement(SQL)) {
                int i = 0;
                s.setString(++i, tenantId);
                s.setObject(++i, split.minutesFrom().atOffset(ZoneOffset.UTC));
                s.setObject(++i, split.hoursFrom().atOffset(ZoneOffset.UTC));
                s.setString(++i, tenantId);
                s.setObject(++i, split.hoursFrom().atOffset(ZoneOffset.UTC));
                s.setObject(++i, split.daysFrom().atOffset(ZoneOffset.UTC));
                s.setString(++i, tenantId);
                s.setObject(++i, split.daysFrom().atOffset(ZoneOffset.UTC));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                }
            }
        });
    }
}
