package ai.factory.gateway.accounting.flush;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the rows of a batch that PostgreSQL refuses for their data by halving: the halves that
 * land are committed, a refused half is split again, down to the single rows, which become dead
 * letters with PostgreSQL's reason. k bad rows in n cost about k·log2(n) extra round trips, and
 * only on the rare batch that holds one. Anything that is not about the data (the database away,
 * a timeout) is thrown: the batch is read again later and rows already landed dedup by request id.
 */
final class Bisection {

    private static final Logger LOG = LoggerFactory.getLogger(Bisection.class);
    private static final int MAX_REASON = 2000;

    private Bisection() {
    }

    /**
     * @param refused receives a dead letter for each row PostgreSQL refuses
     * @return events new to the ledger
     */
    static int land(LedgerWriter ledger, List<DecodedBatch.Entry> events, List<DeadLetter> refused) {
        if (events.isEmpty()) {
            return 0;
        }
        try {
            return ledger.write(events, List.of());
        } catch (RuntimeException e) {
            if (!LedgerWriter.isPoison(e)) {
                throw e;
            }
            if (events.size() == 1) {
                DecodedBatch.Entry entry = events.get(0);
                LOG.error("usage entry {} refused by the ledger; dead-lettered: {}", entry.streamId(), reason(e));
                refused.add(new DeadLetter(entry.streamId(), entry.event().toFields(), "refused by the ledger: " + reason(e)));
                return 0;
            }
            int mid = events.size() / 2;
            return land(ledger, events.subList(0, mid), refused) + land(ledger, events.subList(mid, events.size()), refused);
        }
    }

    /** The database's own message (the deepest cause), bounded and without NULs, which a text column refuses. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).replace('\u0000', ' ');
        return message.length() <= MAX_REASON ? message : message.substring(0, MAX_REASON) + "…";
    }
}
