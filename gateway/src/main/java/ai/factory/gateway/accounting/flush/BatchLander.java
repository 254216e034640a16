package ai.factory.gateway.accounting.flush;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read → land → acknowledge for one batch. Acknowledging only after the commit is what makes the
 * pipeline lose nothing; the ledger's unique request id is what makes the repeat after a crash
 * between commit and ack harmless.
 */
public final class BatchLander {

    private static final Logger LOG = LoggerFactory.getLogger(BatchLander.class);
    private final LedgerWriter ledger;

    public BatchLander(LedgerWriter ledger) {
        this.ledger = ledger;
    }

    /** @return events new to the ledger */
    public int land(UsageStream stream, List<Map.Entry<String, Map<String, String>>> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        Decoded batch = EntryDecoder.decode(entries);
        int inserted = write(batch);
        stream.ack(batch.allIds());
        return inserted;
    }

    /**
     * Writes the batch. PostgreSQL away: the failure propagates, nothing is acknowledged, the
     * batch is read again after a back-off. PostgreSQL refusing the data itself: the entries are
     * written one by one so only the offending one is dead-lettered and the rest still land.
     */
    private int write(Decoded batch) {
        try {
            return ledger.write(batch.events(), batch.deadLetters());
        } catch (RuntimeException e) {
            if (!LedgerWriter.isPoison(e)) {
                throw e;
            }
            return writeOneByOne(batch);
        }
    }

    private int writeOneByOne(Decoded batch) {
        int inserted = 0;
        List<DeadLetter> refused = new ArrayList<>(batch.deadLetters());
        for (Decoded.Entry entry : batch.events()) {
            try {
                inserted += ledger.write(List.of(entry), List.of());
            } catch (RuntimeException e) {
                if (!LedgerWriter.isPoison(e)) {
                    throw e;
                }
                LOG.error("usage entry {} refused by the ledger; dead-lettered", entry.streamId(), e);
                String reason = ("refused by the ledger: " + e.getMessage()).replace('\u0000', ' ');
                refused.add(new DeadLetter(entry.streamId(), entry.event().toFields(), reason));
            }
        }
        ledger.write(List.of(), refused);
        return inserted;
    }
}
