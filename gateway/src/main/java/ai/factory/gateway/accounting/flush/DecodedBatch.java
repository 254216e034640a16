package ai.factory.gateway.accounting.flush;

import ai.factory.gateway.accounting.UsageEvent;
import java.util.List;

/**
 * One batch of stream entries sorted into what lands in the ledger and what is dead-lettered.
 *
 * @param events with the stream id each came from, first occurrence of a request id only
 * @param allIds every entry's stream id, to acknowledge once the batch is committed
 */
public record DecodedBatch(List<Entry> events, List<DeadLetter> deadLetters, List<String> allIds) {

    public record Entry(String streamId, UsageEvent event) {
    }
}
