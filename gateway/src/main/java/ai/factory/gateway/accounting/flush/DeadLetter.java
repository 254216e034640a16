package ai.factory.gateway.accounting.flush;

import java.util.Map;

/** A stream entry that is not a usage event the ledger can hold, and why. */
public record DeadLetter(String streamId, Map<String, String> fields, String reason) {
}
