package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The scripts' replies become records, and a reply of the wrong shape fails saying what was wrong. */
class ScriptRepliesTest {

    private static List<Object> list(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void an_admitted_reply_carries_the_cached_value_and_each_buckets_remaining_and_reset() {
        ScriptReplies.Admit reply = ScriptReplies.admit(list(1L, 0L, 0L, "cached body", 99L, 600L, 4L, 0L), 2);
        assertTrue(reply.admitted());
        assertFalse(reply.released());
        assertEquals("cached body", reply.cached());
        assertArrayEquals(new long[] {99, 4}, reply.remaining());
        assertArrayEquals(new long[] {600, 0}, reply.resetMillis());
    }

    @Test
    void a_refusal_names_its_bucket_and_retry_and_a_released_member_is_told_apart() {
        ScriptReplies.Admit refused = ScriptReplies.admit(list(0L, 2L, 1500L, null, 0L, 0L, 0L, 0L), 2);
        assertEquals(2, refused.failedBucket());
        assertEquals(1500, refused.retryMillis());
        assertNull(refused.cached());
        assertFalse(refused.released());
        assertTrue(ScriptReplies.admit(list(0L, 0L, -2L, null), 0).released());
    }

    @Test
    void an_admit_reply_of_the_wrong_length_fails_naming_the_script_and_the_counts() {
        ScriptReplies.MalformedReply e = assertThrows(ScriptReplies.MalformedReply.class,
                () -> ScriptReplies.admit(list(1L, 0L, 0L, null, 5L, 5L), 2));
        assertTrue(e.getMessage().contains("admit.lua") && e.getMessage().contains("6 values for 2 buckets, not 8"),
                e.getMessage());
    }

    @Test
    void an_admit_reply_with_a_value_that_is_no_integer_fails_naming_its_position() {
        ScriptReplies.MalformedReply e = assertThrows(ScriptReplies.MalformedReply.class,
                () -> ScriptReplies.admit(list(1L, 0L, 0L, null, "lots", 5L), 1));
        assertTrue(e.getMessage().contains("value 5 is not an integer") && e.getMessage().contains("lots"), e.getMessage());
    }

    @Test
    void an_admit_reply_naming_a_bucket_that_does_not_exist_or_admitted_and_refused_at_once_fails() {
        assertThrows(ScriptReplies.MalformedReply.class, () -> ScriptReplies.admit(list(0L, 3L, 0L, null, 0L, 0L, 0L, 0L), 2));
        assertThrows(ScriptReplies.MalformedReply.class, () -> ScriptReplies.admit(list(1L, 1L, 0L, null, 0L, 0L), 1));
        assertThrows(ScriptReplies.MalformedReply.class, () -> ScriptReplies.admit(list(7L, 0L, 0L, null), 0));
        assertThrows(ScriptReplies.MalformedReply.class, () -> ScriptReplies.admit(list(1L, 0L, 0L, 42L), 0));
        assertThrows(ScriptReplies.MalformedReply.class, () -> ScriptReplies.admit(42L, 0));
    }

    @Test
    void a_batch_entry_whose_part_failed_fails_alone_as_a_redis_error() {
        RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class,
                () -> ScriptReplies.admit("ERR WRONGTYPE Operation against a key", 1));
        assertEquals("WRONGTYPE Operation against a key", e.getMessage());
        assertThrows(RedisCommandExecutionException.class, () -> ScriptReplies.settled("ERR not a number: x"));
    }

    @Test
    void a_malformed_reply_counts_as_a_script_error_never_as_an_outage() {
        ScriptReplies.MalformedReply malformed = assertThrows(ScriptReplies.MalformedReply.class,
                () -> ScriptReplies.admit(list(), 0));
        assertEquals(RedisFailures.ERROR, RedisFailures.of(new CompletionException(malformed)));
    }

    @Test
    void a_settlement_entry_is_an_appended_event_no_event_or_gone() {
        assertEquals(ScriptReplies.Settled.EVENT_APPENDED, ScriptReplies.settled("1764446400000-0"));
        assertEquals(ScriptReplies.Settled.NO_EVENT, ScriptReplies.settled(""));
        assertEquals(ScriptReplies.Settled.NO_EVENT, ScriptReplies.settled(null));
        assertEquals(ScriptReplies.Settled.GONE, ScriptReplies.settled("gone"));
        ScriptReplies.MalformedReply e = assertThrows(ScriptReplies.MalformedReply.class,
                () -> ScriptReplies.settled("released"));
        assertTrue(e.getMessage().contains("settle_batch.lua") && e.getMessage().contains("released"), e.getMessage());
    }

    @Test
    void a_settle_batch_reply_has_one_entry_per_settlement() {
        assertEquals(List.of("1-0", ""), ScriptReplies.settleBatch(list("1-0", null), 2));
        assertThrows(ScriptReplies.MalformedReply.class, () -> ScriptReplies.settleBatch(list("1-0"), 2));
    }

    @Test
    void a_reap_is_settled_live_or_gone_and_nothing_else() {
        assertEquals(ScriptReplies.Reaped.LIVE, ScriptReplies.reaped(list("live")));
        assertEquals(ScriptReplies.Reaped.GONE, ScriptReplies.reaped(list("gone")));
        assertEquals(ScriptReplies.Reaped.SETTLED, ScriptReplies.reaped(list("1764446400000-3")));
        assertEquals(ScriptReplies.Reaped.SETTLED, ScriptReplies.reaped(list()));
        assertThrows(ScriptReplies.MalformedReply.class, () -> ScriptReplies.reaped(list("maybe")));
        assertThrows(ScriptReplies.MalformedReply.class, () -> ScriptReplies.reaped(list("live", "gone")));
    }

    @Test
    void peeked_levels_come_in_pairs_one_per_bucket() {
        assertEquals(List.of(new ScriptReplies.Level(3, 1200), new ScriptReplies.Level(40, -1)),
                ScriptReplies.levels(list(3L, 1200L, 40L, -1L), 2));
        ScriptReplies.MalformedReply e = assertThrows(ScriptReplies.MalformedReply.class,
                () -> ScriptReplies.levels(list(3L, 1200L, 40L), 2));
        assertTrue(e.getMessage().contains("peek_limits.lua") && e.getMessage().contains("3 values for 2 buckets"),
                e.getMessage());
    }
}
