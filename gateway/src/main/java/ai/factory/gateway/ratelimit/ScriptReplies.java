package ai.factory.gateway.ratelimit;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.List;

/**
 * The rate-limit scripts' replies, decoded in one place into records: nothing else reads a reply
 * by position. A reply of the wrong shape (another script version, a bug) fails with a
 * {@link MalformedReply} naming the script and what was wrong, which the callers count and
 * treat as a script error (fail closed), never as an outage.
 */
public final class ScriptReplies {

    private ScriptReplies() {
    }

    /** A reply the gateway cannot read. */
    public static final class MalformedReply extends IllegalStateException {
        MalformedReply(String script, String what) {
            super(script + " replied with something the gateway cannot read: " + what);
        }
    }

    /**
     * admit.lua's reply for one request (see its header).
     *
     * @param failedBucket the bucket that refused it, 1-based; 0 when none did
     * @param retryMillis when the refusing bucket has room again; -1 never (too large a request),
     *     -2 a compensating release came first and nothing was reserved
     * @param cached the response cache's value, or null
     * @param remaining per bucket, what remains after this request
     * @param resetMillis per bucket, until it is full again
     */
    public record Admit(boolean admitted, int failedBucket, long retryMillis, String cached, long[] remaining,
                        long[] resetMillis) {

        /** Neither admitted nor refused by a bucket: the member was released before the script ran. */
        public boolean released() {
            return !admitted && failedBucket == 0;
        }
    }

    /** What an owner's settlement did (settle_batch.lua, one entry). */
    public enum Settled {
        /** The usage event was appended to the stream. */
        EVENT_APPENDED,
        /** Settled, with no usage event to append. */
        NO_EVENT,
        /** A reaper had billed the request already: nothing changed. */
        GONE
    }

    /** What a reaper's settlement did (settle.lua in mode reap). */
    public enum Reaped {
        SETTLED,
        /** The owner renewed it since the claim: still running, nothing changed. */
        LIVE,
        /** Its owner or another reaper settled it: nothing changed. */
        GONE
    }

    /** What a bucket holds now (peek_limits.lua), without touching it. */
    public record Level(long used, long resetMillis) {
    }

    /**
     * One admission's reply: admit.lua's own, or one entry of admit_batch.lua's.
     *
     * @throws RedisCommandExecutionException when a batch entry says its part of the script failed
     */
    public static Admit admit(Object reply, int buckets) {
        failedEntry(reply);
        List<?> list = list("admit.lua", reply);
        if (list.size() != 4 + 2 * buckets) {
            throw new MalformedReply("admit.lua", list.size() + " values for " + buckets + " buckets, not "
                    + (4 + 2 * buckets));
        }
        long admitted = number("admit.lua", list, 0);
        long failed = number("admit.lua", list, 1);
        if (admitted != 0 && admitted != 1 || failed < 0 || failed > buckets || admitted == 1 && failed != 0) {
            throw new MalformedReply("admit.lua", "admitted " + admitted + " with failed bucket " + failed + " of "
                    + buckets);
        }
        Object cached = list.get(3);
        if (cached != null && !(cached instanceof String)) {
            throw new MalformedReply("admit.lua", "a cached value of type " + cached.getClass().getSimpleName());
        }
        long[] remaining = new long[buckets];
        long[] reset = new long[buckets];
        for (int i = 0; i < buckets; i++) {
            remaining[i] = number("admit.lua", list, 4 + 2 * i);
            reset[i] = number("admit.lua", list, 5 + 2 * i);
        }
        return new Admit(admitted == 1, (int) failed, number("admit.lua", list, 2), (String) cached, remaining, reset);
    }

    /**
     * One entry of settle_batch.lua's reply: a stream id, {@code ""} (no event) or {@code gone}.
     *
     * @throws RedisCommandExecutionException when the entry says its part of the script failed
     */
    public static Settled settled(Object entry) {
        failedEntry(entry);
        if (entry == null || "".equals(entry)) {
            return Settled.NO_EVENT;
        }
        if ("gone".equals(entry)) {
            return Settled.GONE;
        }
        if (entry instanceof String id && id.matches("\\d+-\\d+")) {
            return Settled.EVENT_APPENDED;
        }
        throw new MalformedReply("settle_batch.lua", "an entry that is no stream id: " + describe(entry));
    }

    /** settle_batch.lua's whole reply: one entry per settlement, in order. */
    public static List<Object> settleBatch(Object reply, int items) {
        List<?> list = list("settle_batch.lua", reply);
        if (list.size() != items) {
            throw new MalformedReply("settle_batch.lua", list.size() + " entries for " + items + " settlements");
        }
        return List.copyOf(list.stream().map(e -> e == null ? "" : e).toList());
    }

    /** settle.lua's reply in mode reap: {@code live}, {@code gone}, or the usage event's id (or nil). */
    public static Reaped reaped(Object reply) {
        Object value = single("settle.lua", reply);
        if ("live".equals(value)) {
            return Reaped.LIVE;
        }
        if ("gone".equals(value)) {
            return Reaped.GONE;
        }
        if (value == null || value instanceof String id && id.matches("\\d+-\\d+")) {
            return Reaped.SETTLED;
        }
        throw new MalformedReply("settle.lua", "a reap outcome that is none of live, gone or a stream id: "
                + describe(value));
    }

    /** peek_limits.lua's reply: per bucket, used and milliseconds until full again. */
    public static List<Level> levels(Object reply, int buckets) {
        List<?> list = list("peek_limits.lua", reply);
        if (list.size() != 2 * buckets) {
            throw new MalformedReply("peek_limits.lua", list.size() + " values for " + buckets + " buckets, not "
                    + 2 * buckets);
        }
        Level[] levels = new Level[buckets];
        for (int i = 0; i < buckets; i++) {
            levels[i] = new Level(number("peek_limits.lua", list, 2 * i), number("peek_limits.lua", list, 2 * i + 1));
        }
        return List.of(levels);
    }

    /** A batch entry of the form {@code ERR <message>}: its part of the script failed, as a single call would. */
    private static void failedEntry(Object entry) {
        if (entry instanceof String s && s.startsWith("ERR ")) {
            throw new RedisCommandExecutionException(s.substring(4));
        }
    }

    /** A script returning one value comes back from Lettuce's MULTI output as a list of one. */
    private static Object single(String script, Object reply) {
        if (!(reply instanceof List<?> list)) {
            return reply;
        }
        if (list.size() > 1) {
            throw new MalformedReply(script, list.size() + " values where one was expected");
        }
        return list.isEmpty() ? null : list.get(0);
    }

    private static List<?> list(String script, Object reply) {
        if (reply instanceof List<?> list) {
            return list;
        }
        throw new MalformedReply(script, "not a list but " + describe(reply));
    }

    private static long number(String script, List<?> list, int index) {
        Object value = list.get(index);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new MalformedReply(script, "value " + (index + 1) + " is not an integer: " + describe(value));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "nil";
        }
        String text = String.valueOf(value);
        return value.getClass().getSimpleName() + " '" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + "'";
    }
}
