package ai.factory.gateway.ratelimit.expiry;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageEventCodec;
import ai.factory.gateway.ratelimit.Bucket;
import ai.factory.gateway.ratelimit.BucketKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record's fields in Redis, written by admit.lua, updated by renew.lua, read back by the
 * reaper. Self-contained: a reaper needs no price list or policy to settle it, only the buckets
 * reserved (kind, key, limit, window, amount) and the usage event to append.
 */
final class ReservationRecord {

    static final String MEMBER = "member";
    static final String PROMPT = "prompt";
    static final String USED_TOKENS = "used_tokens";
    static final String USED_COST = "used_cost";
    static final String EXPIRES = "expires";
    static final String BUCKETS = "checks";
    /** The estimated usage event, encoded as one field (UsageEventCodec). */
    static final String EVENT = UsageEventCodec.FIELD;
    /** The previous release's form: one field per event field. */
    private static final String EVENT_FIELD = "ev:";

    private ReservationRecord() {
    }

    /** The field/value pairs admit.lua writes (it adds the expiry itself, on Redis's clock). */
    static List<String> fields(String member, List<Bucket> buckets, ReservationEstimate reservation) {
        List<String> out = new ArrayList<>();
        UsageEvent estimate = reservation.estimate();
        add(out, MEMBER, member);
        add(out, PROMPT, Long.toString(estimate.inputTokens()));
        add(out, USED_TOKENS, Long.toString(estimate.inputTokens() + estimate.outputTokens()));
        add(out, USED_COST, Long.toString(estimate.costNanos()));
        StringBuilder encoded = new StringBuilder();
        for (Bucket c : buckets) {
            // Keys are built from validated identifiers: never a tab or a newline in them.
            // The script's kind first and the bucket's kind last: a reaper of the previous release
            // reads the first five columns and still settles a record written by this one.
            encoded.append(c.kind().script()).append('\t').append(c.key()).append('\t').append(c.limit()).append('\t')
                    .append(c.window()).append('\t').append(c.cost()).append('\t').append(c.kind().name()).append('\n');
        }
        add(out, BUCKETS, encoded.toString());
        // One field, not one per event field: the record crosses to admit.lua as one packed argument.
        add(out, EVENT, UsageEventCodec.encode(estimate));
        return out;
    }

    /** An expired record as the reaper settles it. */
    record Expired(String member, List<Bucket> buckets, long usedTokens, long usedCost, UsageEvent event) {
    }

    /** @param nowMillis the reaper's clock, for the event's latency */
    static Expired read(Map<String, String> fields, long nowMillis) {
        List<Bucket> buckets = new ArrayList<>();
        for (String line : fields.getOrDefault(BUCKETS, "").split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] p = line.split("\t");
            if (p.length < 5) {
                throw new IllegalArgumentException("a bucket line of a reservation record has " + p.length
                        + " columns, not 5 or 6: " + line);
            }
            BucketKind kind = p.length > 5 ? BucketKind.valueOf(p[5]) : writtenBefore(p[0], p[1]);
            buckets.add(new Bucket(kind, p[1], Long.parseLong(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4]), null));
        }
        UsageEvent e;
        if (fields.containsKey(EVENT)) {
            e = UsageEventCodec.decode(fields.get(EVENT));
        } else {
            // Written by the previous release, whose reservation went into per-bucket counters this
            // release no longer reads: refund and charge nothing there, only free its lease (the same
            // sorted set) and bill its event. Its budgets were re-seeded from the ledger meanwhile.
            buckets.removeIf(c -> c.kind() != BucketKind.CONCURRENCY);
            Map<String, String> ev = new LinkedHashMap<>();
            fields.forEach((k, v) -> {
                if (k.startsWith(EVENT_FIELD)) {
                    ev.put(k.substring(EVENT_FIELD.length()), v);
                }
            });
            e = UsageEvent.fromFields(ev);
        }
        long prompt = Long.parseLong(fields.get(PROMPT));
        long used = Math.max(prompt, Long.parseLong(fields.get(USED_TOKENS)));
        long cost = Long.parseLong(fields.get(USED_COST));
        UsageEvent billed = new UsageEvent(e.requestId(), e.timestampMillis(), e.tenantId(), e.keyId(), e.product(),
                e.operation(), e.modelAlias(), e.servedModel(), e.pool(), e.endpoint(), prompt, used - prompt,
                e.cachedTokens(), cost, e.status(), e.cacheHit(), e.fallbacks(),
                Math.max(0, nowMillis - e.timestampMillis()), e.ttftMillis(), true, e.httpStatus());
        return new Expired(fields.get(MEMBER), buckets, used, cost, billed);
    }

    /**
     * The kind of a bucket line written before records carried it (an upgrade, for at most a day):
     * then, and only then, it is read from the key's text, as it used to be.
     */
    private static BucketKind writtenBefore(String script, String key) {
        return switch (script) {
            case "req" -> BucketKind.REQUESTS;
            case "tok" -> BucketKind.TOKENS;
            case "lease" -> BucketKind.CONCURRENCY;
            case "budget" -> key.contains(":mcost:") ? BucketKind.MONTHLY_COST : key.contains(":dcost:")
                    ? BucketKind.DAILY_COST : key.contains(":mtok:") ? BucketKind.MONTHLY_TOKENS : BucketKind.DAILY_TOKENS;
            default -> throw new IllegalArgumentException("unknown bucket kind in a reservation record: " + script);
        };
    }

    private static void add(List<String> out, String field, String value) {
        out.add(field);
        out.add(value);
    }
}
