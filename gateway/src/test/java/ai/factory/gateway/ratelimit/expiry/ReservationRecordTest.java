package ai.factory.gateway.ratelimit.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.PriceList;
import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.ratelimit.Bucket;
import ai.factory.gateway.ratelimit.BucketKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A record read back by a reaper bills the prompt plus the output counted at the last renewal. */
class ReservationRecordTest {

    private static final PriceList.Rate RATE = new PriceList.Rate(200, 600, 50);
    private static final List<Bucket> BUCKETS = List.of(
            new Bucket(BucketKind.TOKENS, "rl:{t}:t:tpm", 40_000, 60_000, 1_100, "tokens"),
            new Bucket(BucketKind.CONCURRENCY, "rl:{t}:t:conc", 4, 3_000, 1, null),
            new Bucket(BucketKind.DAILY_COST, "rl:{t}:k:key-1:dcost:20261129", 9_000_000, 90_000_000, 420_000, null));

    private static Map<String, String> written(ReservationEstimate reservation) {
        List<String> pairs = ReservationRecord.fields("req-1", BUCKETS, reservation);
        Map<String, String> hash = new HashMap<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            hash.put(pairs.get(i), pairs.get(i + 1));
        }
        hash.put(ReservationRecord.EXPIRES, "1");
        return hash;
    }

    @Test
    void a_record_never_renewed_bills_the_prompt_only_marked_estimated() {
        ReservationEstimate reservation = ReservationEstimate.of("req-1", 1_000, "t", "key-1", "summarise", "chat", "chat-default", 100, RATE);
        ReservationRecord.Expired expired = ReservationRecord.read(written(reservation), 4_000);
        assertEquals("req-1", expired.member());
        assertEquals(BUCKETS.stream().map(c -> c.kind() + c.key() + c.limit() + c.window() + c.cost()).toList(),
                expired.buckets().stream().map(c -> c.kind() + c.key() + c.limit() + c.window() + c.cost()).toList());
        UsageEvent event = expired.event();
        assertEquals(100, event.inputTokens());
        assertEquals(0, event.outputTokens());
        assertEquals(100 * 200, event.costNanos());
        assertEquals(100, expired.usedTokens());
        assertTrue(event.estimated());
        assertEquals(UsageEvent.ERROR, event.status());
        assertEquals(3_000, event.latencyMillis());
        assertEquals("summarise", event.product());
    }

    @Test
    void a_renewed_record_bills_the_output_counted_at_its_last_renewal() {
        ReservationEstimate reservation = ReservationEstimate.of("req-1", 1_000, "t", "key-1", null, "chat", "chat-default", 100, RATE);
        Map<String, String> hash = written(reservation);
        hash.put(ReservationRecord.USED_TOKENS, "142"); // what renew.lua wrote: prompt + 42 tokens streamed
        hash.put(ReservationRecord.USED_COST, Long.toString(RATE.cost(100, 42, 0)));
        ReservationRecord.Expired expired = ReservationRecord.read(hash, 2_000);
        assertEquals(100, expired.event().inputTokens());
        assertEquals(42, expired.event().outputTokens());
        assertEquals(RATE.cost(100, 42, 0), expired.usedCost());
        assertEquals(142, expired.usedTokens());
    }

    @Test
    void a_record_written_before_buckets_carried_their_kind_is_still_read_with_its_kind() {
        ReservationEstimate reservation = ReservationEstimate.of("req-1", 1_000, "t", "key-1", null, "chat", "chat-default", 100, RATE);
        Map<String, String> hash = written(reservation);
        hash.put(ReservationRecord.BUCKETS, "tok\trl:{t}:t:tpm\t40000\t60000\t1100\n"
                + "budget\trl:{t}:t:mcost:202611\t9000000\t90000000\t420000\n"
                + "budget\trl:{t}:t:dtok:20261129\t9000\t90000000\t1100\n");
        List<Bucket> buckets = ReservationRecord.read(hash, 2_000).buckets();
        assertEquals(List.of(BucketKind.TOKENS, BucketKind.MONTHLY_COST, BucketKind.DAILY_TOKENS),
                buckets.stream().map(Bucket::kind).toList());
        // Settled as fields of the scope's hash, where this release keeps them.
        assertEquals(List.of("rl:{t}:t", "rl:{t}:t", "rl:{t}:t"), buckets.stream().map(Bucket::redisKey).toList());
        assertEquals(List.of("tpm", "mcost:202611", "dtok:20261129"), buckets.stream().map(Bucket::field).toList());
    }

    @Test
    void a_record_of_the_previous_release_bills_its_event_and_frees_its_lease_but_refunds_nothing() {
        ReservationEstimate reservation = ReservationEstimate.of("req-1", 1_000, "t", "key-1", "summarise", "chat", "chat-default", 100, RATE);
        Map<String, String> hash = written(reservation);
        assertTrue(hash.containsKey(ReservationRecord.EVENT), "this release writes the event as one field");
        hash.remove(ReservationRecord.EVENT);
        reservation.estimate().toFields().forEach((k, v) -> hash.put("ev:" + k, v));
        hash.put(ReservationRecord.BUCKETS, "tok\trl:{t}:t:tpm\t40000\t60000\t1100\n"
                + "lease\trl:{t}:t:conc\t4\t3000\t1\n");
        ReservationRecord.Expired expired = ReservationRecord.read(hash, 4_000);
        assertEquals("summarise", expired.event().product());
        assertEquals(100, expired.event().inputTokens());
        assertEquals(List.of("rl:{t}:t:conc"), expired.buckets().stream().map(Bucket::redisKey).toList(),
                "fails safe: its lease (the same sorted set as before) is released, nothing is refunded or charged");
    }

    @Test
    void a_bucket_line_with_too_few_columns_fails_naming_the_line() {
        ReservationEstimate reservation = ReservationEstimate.of("req-1", 1_000, "t", "key-1", null, "chat", "chat-default", 100, RATE);
        Map<String, String> hash = written(reservation);
        hash.put(ReservationRecord.BUCKETS, "not\ta\tcheck\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReservationRecord.read(hash, 2_000));
        assertTrue(e.getMessage().contains("3 columns"), e.getMessage());
    }
}
