package ai.factory.gateway.accounting.flush;

import ai.factory.gateway.accounting.UsageEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * Lands decoded batches in PostgreSQL: events, roll-ups and dead letters in one transaction, so a
 * batch is either wholly in the ledger or not at all, and acknowledging it afterwards is safe.
 */
@Singleton
public class LedgerWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TransactionOperations<Connection> tx;

    public LedgerWriter(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    /** @return how many events were new to the ledger (the rest were re-deliveries) */
    public int write(List<DecodedBatch.Entry> events, List<DeadLetter> deadLetters) {
        if (events.isEmpty() && deadLetters.isEmpty()) {
            return 0;
        }
        try {
            return tx.executeWrite(status -> {
                Connection c = status.getConnection();
                int inserted = events.isEmpty() ? 0 : land(c, events);
                if (!deadLetters.isEmpty()) {
                    bury(c, deadLetters);
                }
                return inserted;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // The callback's SQLException comes out of executeWrite as is, checked but undeclared: it
            // once slipped past every catch (RuntimeException) and ended the flusher's thread. Wrapped,
            // it is seen; isPoison still finds the SQLState in the cause.
            throw new IllegalStateException("ledger write failed: " + e.getMessage(), e);
        }
    }

    private static int land(Connection c, List<DecodedBatch.Entry> entries) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LedgerSql.LAND_BATCH)) {
            int i = 0;
            s.setArray(++i, text(c, entries, UsageEvent::requestId));
            s.setArray(++i, longs(c, entries, UsageEvent::timestampMillis));
            s.setArray(++i, text(c, entries, UsageEvent::tenantId));
            s.setArray(++i, text(c, entries, UsageEvent::keyId));
            s.setArray(++i, text(c, entries, UsageEvent::product));
            s.setArray(++i, text(c, entries, UsageEvent::operation));
            s.setArray(++i, text(c, entries, UsageEvent::modelAlias));
            s.setArray(++i, text(c, entries, UsageEvent::servedModel));
            s.setArray(++i, text(c, entries, UsageEvent::pool));
            s.setArray(++i, text(c, entries, UsageEvent::endpoint));
            s.setArray(++i, longs(c, entries, UsageEvent::inputTokens));
            s.setArray(++i, longs(c, entries, UsageEvent::outputTokens));
            s.setArray(++i, longs(c, entries, UsageEvent::cachedTokens));
            s.setArray(++i, longs(c, entries, UsageEvent::costNanos));
            s.setArray(++i, text(c, entries, UsageEvent::status));
            s.setArray(++i, bools(c, entries, UsageEvent::cacheHit));
            s.setArray(++i, ints(c, entries, UsageEvent::fallbacks));
            s.setArray(++i, longs(c, entries, UsageEvent::latencyMillis));
            s.setArray(++i, longs(c, entries, UsageEvent::ttftMillis));
            s.setArray(++i, bools(c, entries, UsageEvent::estimated));
            s.setArray(++i, ints(c, entries, UsageEvent::httpStatus));
            s.setArray(++i, c.createArrayOf("text",
                    entries.stream().map(DecodedBatch.Entry::streamId).toArray(String[]::new)));
            s.setArray(++i, text(c, entries, UsageEvent::clientRequestId));
            s.setArray(++i, text(c, entries, UsageEvent::traceId));
            s.setArray(++i, text(c, entries, UsageEvent::channel));
            s.setArray(++i, text(c, entries, UsageEvent::endUser));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void bury(Connection c, List<DeadLetter> deadLetters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LedgerSql.DEAD_LETTER)) {
            for (DeadLetter d : deadLetters) {
                s.setString(1, d.streamId());
                s.setString(2, json(d));
                s.setString(3, d.reason().replace('\u0000', ' '));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    // Typed element arrays: the driver picks the array's wire encoding from the Java element type.
    private static Array text(Connection c, List<DecodedBatch.Entry> entries, Function<UsageEvent, String> f)
            throws SQLException {
        return c.createArrayOf("text", entries.stream().map(e -> f.apply(e.event())).toArray(String[]::new));
    }

    private static Array longs(Connection c, List<DecodedBatch.Entry> entries, Function<UsageEvent, Long> f)
            throws SQLException {
        return c.createArrayOf("bigint", entries.stream().map(e -> f.apply(e.event())).toArray(Long[]::new));
    }

    private static Array ints(Connection c, List<DecodedBatch.Entry> entries, Function<UsageEvent, Integer> f)
            throws SQLException {
        return c.createArrayOf("int4", entries.stream().map(e -> f.apply(e.event())).toArray(Integer[]::new));
    }

    private static Array bools(Connection c, List<DecodedBatch.Entry> entries, Function<UsageEvent, Boolean> f)
            throws SQLException {
        return c.createArrayOf("bool", entries.stream().map(e -> f.apply(e.event())).toArray(Boolean[]::new));
    }

    private static String json(DeadLetter d) {
        try {
            return JSON.writeValueAsString(d.fields());
        } catch (JsonProcessingException e) {
            return String.valueOf(d.fields());
        }
    }

    /**
     * True when retrying the same rows can never succeed (bad data, a violated constraint) as
     * opposed to the database being away: such a batch is split so the bad entry can be found.
     */
    public static boolean isPoison(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                // 22 data exception, 23 integrity constraint, 54 program limit exceeded: "index row
                // size 5216 exceeds btree version 4 maximum 2704" is a 54000, and was once retried forever.
                String cls = sql.getSQLState().substring(0, 2);
                return cls.equals("22") || cls.equals("23") || cls.equals("54");
            }
        }
        return false;
    }
}
