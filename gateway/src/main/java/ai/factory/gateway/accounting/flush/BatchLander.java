package ai.factory.gateway.accounting.flush;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Read → land → acknowledge for one batch. Acknowledging only after the commit is what makes the
 * pipeline lose nothing; the ledger's unique request id is what makes the repeat after a crash
 * between commit and ack harmless.
 */
public final class BatchLander {

    private final LedgerWriter ledger;
    private long deadLettered;

    public BatchLander(LedgerWriter ledger) {
        this.ledger = ledger;
    }

    /** @return events new to the ledger */
    public int land(UsageStream stream, List<Map.Entry<String, Map<String, String>>> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        DecodedBatch batch = EntryDecoder.decode(entries);
        int inserted = write(batch);
        stream.ack(batch.allIds());
        return inserted;
    }

    /**
     * Writes the batch, events and dead letters in one transaction. PostgreSQL away: the failure
     * propagates, nothing is acknowledged, the batch is read again after a back-off. PostgreSQL
     * refusing the data itself (a value too long for an index, a violated constraint): the batch
     * is bisected so only the offending rows are dead-lettered and the rest still land.
     */
    private int write(DecodedBatch batch) {
        try {
            int inserted = ledger.write(batch.events(), batch.deadLetters());
            deadLettered += batch.deadLetters().size();
            return inserted;
        } catch (RuntimeException e) {
            if (!LedgerWriter.isPoison(e)) {
                throw e;
            }
            List<DeadLetter> dead = new ArrayList<>(batch.deadLetters());
            int inserted = Bisection.land(ledger, batch.events(), dead);
            ledger.write(List.of(), dead);
            deadLettered += dead.size();
            return inserted;
        }
    }

    /** Entries this lander dead-lettered: undecodable, unbillable, or refused by PostgreSQL. */
    long deadLettered() {
        return deadLettered;
    }
}
