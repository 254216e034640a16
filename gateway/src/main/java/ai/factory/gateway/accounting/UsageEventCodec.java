package ai.factory.gateway.accounting;

import java.util.Map;

/**
 * A usage event as one stream field ({@link #FIELD}), encoded once by the instance that settles:
 * Redis stores and copies one value instead of 21 to 25 field/value pairs, and the settle script
 * passes it to XADD untouched.
 *
 * <p>The form is {@code u1} followed by every field in record order, each as {@code <length>:<text>}
 * ({@code ~} for null), so any text, separators included, round-trips without escaping. A value
 * missing a field is refused (a cut entry must not land with nulls); fields added later go at the
 * end, where an older decoder ignores them. The old
 * form (one stream field per event field, {@link UsageEvent#toFields()}) still decodes: entries
 * written by an older instance during a rolling deploy land as before.
 */
public final class UsageEventCodec {

    /** The stream field holding the whole encoded event. */
    public static final String FIELD = "e";
    private static final String VERSION = "u1";

    private UsageEventCodec() {
    }

    public static String encode(UsageEvent e) {
        StringBuilder b = new StringBuilder(256).append(VERSION);
        put(b, e.requestId());
        put(b, Long.toString(e.timestampMillis()));
        put(b, e.tenantId());
        put(b, e.keyId());
        put(b, e.product());
        put(b, e.operation());
        put(b, e.modelAlias());
        put(b, e.servedModel());
        put(b, e.pool());
        put(b, e.endpoint());
        put(b, Long.toString(e.inputTokens()));
        put(b, Long.toString(e.outputTokens()));
        put(b, Long.toString(e.cachedTokens()));
        put(b, Long.toString(e.costNanos()));
        put(b, e.status());
        put(b, e.cacheHit() ? "1" : "0");
        put(b, Integer.toString(e.fallbacks()));
        put(b, Long.toString(e.latencyMillis()));
        put(b, Long.toString(e.ttftMillis()));
        put(b, e.estimated() ? "1" : "0");
        put(b, Integer.toString(e.httpStatus()));
        put(b, e.clientRequestId());
        put(b, e.traceId());
        put(b, e.channel());
        put(b, e.endUser());
        return b.toString();
    }

    /** A stream entry's fields in either form. */
    public static UsageEvent fromEntry(Map<String, String> fields) {
        String one = fields.get(FIELD);
        return one != null ? decode(one) : UsageEvent.fromFields(fields);
    }

    /** @throws IllegalArgumentException when {@code value} is not an encoded event */
    public static UsageEvent decode(String value) {
        if (!value.startsWith(VERSION)) {
            throw new IllegalArgumentException("not an encoded usage event (expected prefix " + VERSION + ")");
        }
        Reader r = new Reader(value, VERSION.length());
        // Text after the last known field comes from a newer release: ignored, no column takes it yet.
        return new UsageEvent(r.text(), r.number(), r.text(), r.text(), r.text(), r.text(), r.text(), r.text(),
                r.text(), r.text(), r.number(), r.number(), r.number(), r.number(), r.text(), r.flag(),
                (int) r.number(), r.number(), r.number(), r.flag(), (int) r.number(), r.text(), r.text(), r.text(),
                r.text());
    }

    private static void put(StringBuilder b, String text) {
        if (text == null) {
            b.append('~');
        } else {
            b.append(text.length()).append(':').append(text);
        }
    }

    private static final class Reader {
        private final String s;
        private int at;
        private int fields;

        Reader(String s, int at) {
            this.s = s;
            this.at = at;
        }

        String text() {
            if (at >= s.length()) {
                throw new IllegalArgumentException("usage event cut short at field " + fields);
            }
            fields++;
            if (s.charAt(at) == '~') {
                at++;
                return null;
            }
            int colon = s.indexOf(':', at);
            if (colon < 0) {
                throw new IllegalArgumentException("usage event cut short at field " + fields);
            }
            int length = Integer.parseInt(s, at, colon, 10);
            int end = colon + 1 + length;
            if (length < 0 || end > s.length()) {
                throw new IllegalArgumentException("usage event cut short at field " + fields);
            }
            at = end;
            return s.substring(colon + 1, end);
        }

        long number() {
            String t = text();
            if (t == null) {
                throw new IllegalArgumentException("missing number at " + at);
            }
            return Long.parseLong(t);
        }

        boolean flag() {
            return "1".equals(text());
        }
    }
}
