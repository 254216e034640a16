package ai.factory.gateway.accounting.flush;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageEventCodec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stream entries to usage events, in either form (one encoded field, or the older one field per
 * event field: see {@link UsageEventCodec}). Anything that does not decode, or decodes to an event
 * the ledger cannot bill (no request id, no tenant, negative tokens), becomes a dead letter instead
 * of an exception: one bad entry must never stop the entries behind it from landing.
 */
public final class EntryDecoder {

    private EntryDecoder() {
    }

    public static DecodedBatch decode(List<Map.Entry<String, Map<String, String>>> entries) {
        List<DecodedBatch.Entry> events = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, Map<String, String>> entry : entries) {
            String streamId = entry.getKey();
            Map<String, String> fields = entry.getValue() == null ? Map.of() : entry.getValue();
            ids.add(streamId);
            try {
                UsageEvent event = UsageEventCodec.fromEntry(fields);
                String problem = problem(event);
                if (problem != null) {
                    dead.add(new DeadLetter(streamId, new LinkedHashMap<>(fields), problem));
                } else if (seen.add(event.requestId())) {
                    // The same request twice in one batch (a replayed spool): the ledger takes the first.
                    events.add(new DecodedBatch.Entry(streamId, event));
                }
            } catch (RuntimeException e) {
                dead.add(new DeadLetter(streamId, new LinkedHashMap<>(fields), "undecodable: " + e));
            }
        }
        return new DecodedBatch(events, dead, ids);
    }

    /** @return why the event cannot be billed, or null when it can */
    static String problem(UsageEvent e) {
        if (blank(e.requestId())) {
            return "no request_id";
        }
        if (blank(e.tenantId())) {
            return "no tenant";
        }
        if (blank(e.keyId())) {
            return "no key_id";
        }
        if (blank(e.status())) {
            return "no status";
        }
        if (e.inputTokens() < 0 || e.outputTokens() < 0 || e.cachedTokens() < 0 || e.costNanos() < 0) {
            return "negative tokens or cost";
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
